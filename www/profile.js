// The profile tab (docs/dashboard.md); loaded after app.js, whose helpers it uses.
"use strict";
