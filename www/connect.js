// The ledger connection section of the Configuratie tab (docs/dashboard.md); loaded after app.js.
"use strict";
