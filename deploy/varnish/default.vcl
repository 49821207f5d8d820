# Varnish in front of Vetted (Varnish 6/7, VCL 4.1).
#
#   varnishd -a :80 -f /etc/varnish/default.vcl -s malloc,256m
#   app servers:  CACHE_PURGE_URLS=http://127.0.0.1:80  CACHE_PURGE_HOST=health.example.org
#
# Vetted sends Cache-Control for shared caches on public pages and
# "private, no-store" on previews, share links and anything a signed-in editor
# sees. When a page changes (publish, unpublish, scheduled publication,
# disclaimer change) the app sends PURGE for each URL that showed it and one BAN
# whose X-Ban-Url regular expression covers the same pages with any query
# string. Only localhost may purge or ban.

vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is allowed from localhost only."));
        }
        return (purge);
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Banning is allowed from localhost only."));
        }
        if (!req.http.X-Ban-Url) {
            return (synth(400, "Send the URL pattern to ban in X-Ban-Url."));
        }
        # Matched against a copy of the URL stored on each object, so the ban
        # lurker can clear old objects in the background.
        ban("obj.http.X-Url ~ " + req.http.X-Ban-Url);
        return (synth(200, "Banned."));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The editorial side, previews and share links are never shared.
    if (req.url ~ "^/(admin|markdownx|preview)/") {
        return (pass);
    }
    # A signed-in editor's requests carry the session cookie: pass them through
    # (Vetted marks those pages private). Readers' cookies do not change a page.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    set beresp.http.X-Url = bereq.url;
    if (beresp.http.Cache-Control ~ "(private|no-store)" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Varnish turns stale-while-revalidate into grace; pages without it get none,
    # so an unpublished article is never served stale.
    if (beresp.http.Cache-Control !~ "stale-while-revalidate") {
        set beresp.grace = 0s;
    }
}

sub vcl_deliver {
    unset resp.http.X-Url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

sub vcl_synth {
    if (req.method == "PURGE" || req.method == "BAN") {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.body = resp.reason;
        return (deliver);
    }
}
