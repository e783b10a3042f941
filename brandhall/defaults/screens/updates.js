/* brandhall lobby screen player: picking up a new publish.
 *
 * The page polls ../../version.json and the player reloads only when the version changed, at
 * a slide boundary (or on the night page), after checking the new page itself can be fetched.
 * Errors, garbage and an offline server leave the current content on screen, and a version
 * already reloaded for moments ago never causes a second reload (a cache in the way). `state`
 * is the player's (screen.js). Plain ES5 for old TV browsers: XMLHttpRequest, not fetch.
 */
(function () {
  'use strict';

  var VERIFY_GAP_MS = 30000;      // at most one check of the page per 30 s
  var VERIFIED_FOR_MS = 20000;    // a successful check is trusted this long
  var REQUEST_TIMEOUT_MS = 10000;
  var RELOAD_GUARD_MS = 600000;   // never reload twice for the same version within 10 minutes

  window.brandhallUpdates = function (config, state) {
    var guardKey = 'brandhall-screen-reload:' + config.name;
    var guard = readGuard();

    function request(url, done) {
      var xhr = new XMLHttpRequest();
      var finished = false;
      var finish = function (status, text) {
        if (finished) { return; }
        finished = true;
        state.inflight--;
        done(status, text);
      };
      state.inflight++;
      try {
        xhr.open('GET', url, true);
        xhr.timeout = REQUEST_TIMEOUT_MS;
        xhr.setRequestHeader('Cache-Control', 'no-cache');
        xhr.onreadystatechange = function () {
          if (xhr.readyState === 4) { finish(xhr.status, xhr.status === 200 ? String(xhr.responseText) : ''); }
        };
        xhr.ontimeout = function () { finish(0, ''); };
        xhr.onerror = function () { finish(0, ''); };
        xhr.send();
      } catch (error) {
        finish(0, '');
      }
    }

    function poll(now) {
      state.polls++;
      // screen= and v= are for `brandhall screens status`, which reads them from the access log.
      request(config.root + 'version.json?screen=' + encodeURIComponent(config.name) + '&v=' + config.version
        + '&t=' + now, function (status, text) {
        var data = null;
        if (status === 200) {
          try { data = JSON.parse(text); } catch (error) { data = null; }
        }
        var version = data && typeof data === 'object' ? data.version : null;
        if (typeof version !== 'string' || !/^[0-9A-Za-z._-]{1,64}$/.test(version)) {
          state.pollFailures++;
          return;
        }
        if (version === config.version) {
          state.pendingVersion = null;
        } else if (version !== state.pendingVersion) {
          state.pendingVersion = version;
          state.verify = 'idle';
        }
      });
    }

    function readGuard() {
      try {
        var stored = JSON.parse(window.localStorage.getItem(guardKey) || 'null');
        return stored && typeof stored.v === 'string' ? stored : null;
      } catch (error) {
        return null;
      }
    }

    function writeGuard(version, now) {
      try { window.localStorage.setItem(guardKey, JSON.stringify({ v: version, t: now })); } catch (error) { /* none */ }
    }

    // The version to reload for: none when it is the one we already reloaded for moments ago and
    // still did not get (a cache in the way), so a stale page can never cause a reload loop.
    function wantedVersion(now) {
      var version = state.pendingVersion;
      if (version !== null && guard && guard.v === version && now - guard.t < RELOAD_GUARD_MS) { return null; }
      return version;
    }

    function wantReload(now) {
      return wantedVersion(now) !== null || state.dailyDue;
    }

    function verified(now) {
      return state.verify === 'ok' && now - state.verifiedAt <= VERIFIED_FOR_MS;
    }

    function pageUrl() {
      return location.protocol + '//' + location.host + location.pathname;
    }

    // Fetch this page again and make sure it is this screen, in the version we want.
    function verify(now) {
      if (state.verify === 'busy' || verified(now) || now - state.lastVerify < VERIFY_GAP_MS) { return; }
      state.verify = 'busy';
      state.lastVerify = now;
      var version = wantedVersion(now);
      request(pageUrl() + '?check=' + now, function (status, text) {
        var ok = status === 200 && text.indexOf('data-screen="' + config.name + '"') >= 0
          && (version === null || text.indexOf('data-version="' + version + '"') >= 0)
          && version === wantedVersion(Date.now());
        state.verify = ok ? 'ok' : 'idle';
        state.verifiedAt = Date.now();
      });
    }

    function reload(now) {
      state.reloading = true;
      var version = wantedVersion(now);
      if (version !== null) { writeGuard(version, now); }
      window.location.reload();
    }

    return { poll: poll, wantReload: wantReload, verified: verified, verify: verify, reload: reload };
  };
}());
