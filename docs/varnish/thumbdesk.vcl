# Varnish 7 in front of `thumbdesk serve`, with varnish-modules' xkey (Debian: apt-get install
# varnish varnish-modules). Every image the URL API answers is kept an hour whatever its
# Cache-Control says, and `serve --purge varnish:http://<this varnish>` removes exactly the
# images of an original (or a preset) when it changes, by the xkey each answer carries.
#
#   thumbdesk serve --port 8420 --watch --purge varnish:http://127.0.0.1:6081
#   varnishd -a 127.0.0.1:6081 -f /path/to/thumbdesk.vcl -s malloc,256m
#
# The tests (main/core/edge/varnish.test.ts) run this file as it is, with the backend's port
# replaced by their server's.
vcl 4.1;

import xkey;

backend thumbdesk {
    .host = "127.0.0.1";
    .port = "8420";
}

# Who may purge: the serve process. Widen it to the address serve runs on, and no further.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "PURGE needs an xkey-purge header"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Only the URL API's images are shared: the app, its API, media, /metrics and /healthz
    # belong to one person (the admin token) or must be live.
    if (req.url ~ "^/(api|media|events|metrics|healthz)(/|\?|$)" || req.url == "/") {
        return (pass);
    }
    # Image URLs carry no per-person state; a cookie must not split or bypass the cache.
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

sub vcl_backend_response {
    # An image: kept an hour whatever the origin said, since purges keep it exact. Errors are
    # answered with no-store by the origin and are not kept.
    if (beresp.status == 200 && beresp.http.Content-Type ~ "^image/" && beresp.http.xkey) {
        set beresp.ttl = 1h;
        set beresp.grace = 10s;
        unset beresp.http.Set-Cookie;
        return (deliver);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The keys are for this cache; browsers need none of them.
    unset resp.http.xkey;
}
