"""A storefront visitor for the corpus scripts: one cookie session (OCSESSID / PHPSESSID), the
GET and POST requests the storefront's pages and their AJAX calls make, JSON answers read as
the page's JavaScript reads them. Nothing here computes an amount; OpenCart does.
"""
import http.cookiejar, json, sys, urllib.parse, urllib.request


def flatten(data, prefix=""):
    """Nested dicts and lists as PHP form fields: a[b][c]=v, a[b][]=v."""
    out = []
    for k, v in data.items():
        key = f"{prefix}[{k}]" if prefix else str(k)
        if isinstance(v, dict):
            out += flatten(v, key)
        elif isinstance(v, list):
            for item in v:
                out.append((f"{key}[]", str(item)))
        else:
            out.append((key, str(v)))
    return out


class Browser:
    def __init__(self, base, language=None):
        self.base = base
        self.language = language
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def url(self, route, **query):
        q = {"route": route}
        if self.language:
            q["language"] = self.language
        q.update({k: str(v) for k, v in query.items()})
        return self.base + "index.php?" + urllib.parse.urlencode(q)

    def page(self, route, post=None, **query):
        """A page or an HTML fragment, as text."""
        body = urllib.parse.urlencode(flatten(post)).encode() if post is not None else None
        headers = {"User-Agent": "Mozilla/5.0 (corpus storefront visitor)"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=UTF-8"
        request = urllib.request.Request(self.url(route, **query), data=body, headers=headers)
        return self.opener.open(request).read().decode()

    def ajax(self, route, post=None, **query):
        """An AJAX call the checkout's JavaScript makes; an `error` in the answer stops the run."""
        raw = self.page(route, post, **query)
        if not raw.startswith(("{", "[")) and "{" in raw:
            # PHP notices printed before the JSON (the browser's jQuery would fail on them too)
            print(f"  {route}: OpenCart printed: {raw[:raw.index('{')]!r}", file=sys.stderr)
            raw = raw[raw.index("{"):]
        try:
            res = json.loads(raw)
        except ValueError:
            raise SystemExit(f"{route}: not JSON: {raw[:800]}")
        if isinstance(res, dict) and res.get("error"):
            raise SystemExit(f"{route}: {res['error']}")
        return res

    def session_id(self):
        return next((c.value for c in self.jar if c.name in ("OCSESSID", "PHPSESSID")), None)
