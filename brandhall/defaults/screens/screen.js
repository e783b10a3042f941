/* brandhall lobby screen player (大屏).
 *
 * Runs unattended for weeks on cheap players, so:
 * - Which slide shows is computed from the wall clock (Date.now()), never from chained timers:
 *   a reload resumes at the right slide, and screens with the same playlist stay in step.
 * - Two slide elements are reused forever; a slide's content is cloned from its <template>
 *   into the hidden one, its images are decoded, and only then is it faded in.
 * - The page polls ../../version.json and reloads only when the version changed, at a slide
 *   boundary (or on the night page), after checking the new page itself can be fetched. Errors,
 *   garbage and an offline server leave the current content on screen.
 * - A daily reload at a quiet hour, a night page outside the schedule, and a slow pixel shift
 *   of everything static against burn-in.
 * - Test modes for people setting a screen up: ?preview plays every frame whatever the schedule,
 *   ?slide=N starts at frame N, ?at=2026-12-01T09:30 plays as at that moment; both show a bar.
 * - Presenter mode (mode: present, or ?present) lives in present.js: no clock, a clicker steps.
 * Plain ES5 for old TV browsers: no modules, arrow functions, let/const or fetch.
 */
(function () {
  'use strict';

  var TICK_MS = 250;
  var PREPARE_MS = 4000;          // prepare the next slide this long before it is due...
  var SETTLE_MS = 1500;           // ...but not before the current one has faded in
  var SHIFT_MS = 60000;           // move static elements a little every minute
  var VERIFY_GAP_MS = 30000;      // at most one check of the page per 30 s
  var VERIFIED_FOR_MS = 20000;    // a successful check is trusted this long
  var REQUEST_TIMEOUT_MS = 10000;
  var RELOAD_GUARD_MS = 600000;   // never reload twice for the same version within 10 minutes
  var PREVIEW_URGENT_MS = 15000;  // how long the urgent notice shows in a preview
  var WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
  var ORBIT = [[0, 0], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]];

  var doc = document;
  var root = doc.documentElement;
  var configElement = doc.getElementById('screen-config');
  var config = JSON.parse(configElement.textContent || configElement.innerHTML);
  var frames = config.frames;
  var pool = [doc.getElementById('slide-a'), doc.getElementById('slide-b')];
  var stage = doc.getElementById('stage');
  var bar = doc.getElementById('progress-bar');
  var nightClock = doc.getElementById('night-clock');
  var timeText = textNode(doc.getElementById('clock-time'));
  var dateText = textNode(doc.getElementById('clock-date'));
  var nightText = textNode(nightClock);
  var baseClass = root.className;
  var guardKey = 'brandhall-screen-reload:' + config.name;
  var guard = readGuard();
  var params = queryParams(location.search);
  var preview = params.preview !== undefined;
  var still = preview && params.still !== undefined;  // a thumbnail of the contact sheet: one frame
  var offset = params.at ? momentOf(params.at) - Date.now() : 0;
  if (offset !== offset) { offset = 0; }  // an ?at that is not a moment: the real time
  var testing = (preview && !still) || offset !== 0;
  var previewBar = doc.getElementById('preview-bar');
  var previewText = textNode(previewBar);
  var order = [];  // every frame, as a preview and a presentation step through them
  for (var f = 0; f < frames.length; f++) { order.push(f); }
  if (config.urgent) { order.push(config.urgent.i); }

  var state = {
    active: -1,            // which pool element is visible
    shownKey: null,        // frame index and start time of what is on screen
    shownIndex: -1,
    preparedIndex: -1,     // frame filled into the hidden element
    preparedReady: false,  // ...with its images decoded
    generation: 0,
    night: null,
    pendingVersion: null,  // a newer build seen in version.json
    dailyDue: false,
    verify: 'idle',        // idle | busy | ok: the check that the page can be fetched
    verifiedAt: 0,
    lastVerify: -Infinity,
    reloading: false,
    nextPoll: 0,
    nextDaily: 0,
    inflight: 0,
    decoding: 0,
    polls: 0,
    pollFailures: 0,
    swaps: 0,
    errors: 0,
    shiftStep: null,
    minute: null,
    origin: 0,             // a preview's frame 0 started at this time
    presenter: null,       // present.js, while presenting
    barText: null
  };

  function textNode(element) {
    var node = doc.createTextNode('');
    element.appendChild(node);
    return node;
  }

  function queryParams(search) {
    var found = {}, parts = search.replace(/^\?/, '').split('&');
    for (var i = 0; i < parts.length; i++) {
      if (!parts[i]) { continue; }
      var pair = parts[i].split('=');
      found[decodeURIComponent(pair[0])] = pair.length > 1 ? decodeURIComponent(pair.slice(1).join('=')) : '';
    }
    return found;
  }

  // 2026-12-01T09:30 (or a space for the T) in the player's own time zone; NaN when it is not one.
  function momentOf(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})$/.exec(text);
    return m ? new Date(+m[1], m[2] - 1, +m[3], +m[4], +m[5]).getTime() : NaN;
  }

  function clock() {
    return Date.now() + offset;
  }

  function contains(list, value) {
    for (var i = 0; i < list.length; i++) {
      if (list[i] === value) { return true; }
    }
    return false;
  }

  // ---- Schedule and timing ------------------------------------------------------------------

  // A window is [days, start, end]: days as Date.getDay() numbers (0 is Sunday), start and end
  // in minutes after midnight. When end <= start the window crosses midnight and belongs to the
  // day it starts on.
  function allowed(windows, date) {
    if (!windows || !windows.length) { return true; }
    var day = date.getDay();
    var minute = date.getHours() * 60 + date.getMinutes();
    for (var i = 0; i < windows.length; i++) {
      var days = windows[i][0], start = windows[i][1], end = windows[i][2];
      if (start < end) {
        if (minute >= start && minute < end && contains(days, day)) { return true; }
      } else {
        if (minute >= start && contains(days, day)) { return true; }
        if (minute < end && contains(days, (day + 6) % 7)) { return true; }
      }
    }
    return false;
  }

  function dayKey(date) {
    return date.getFullYear() + '-' + pad(date.getMonth() + 1) + '-' + pad(date.getDate());
  }

  // Days as [first, last] spans of YYYY-MM-DD, which compare as text.
  function inSpans(spans, day) {
    for (var i = 0; i < (spans || []).length; i++) {
      if (day >= spans[i][0] && day <= spans[i][1]) { return true; }
    }
    return false;
  }

  // Special days: [first, last] of YYYY-MM-DD, or of MM-DD every year (wrapping round New Year).
  function onSpecialDay(spans, day) {
    if (!spans || !spans.length) { return true; }
    var yearly = day.slice(5);
    for (var i = 0; i < spans.length; i++) {
      var first = spans[i][0], last = spans[i][1];
      if (first.length === 10) {
        if (day >= first && day <= last) { return true; }
      } else if (first <= last ? yearly >= first && yearly <= last : yearly >= first || yearly <= last) {
        return true;
      }
    }
    return false;
  }

  function onDay(frame, day) {
    return (!frame.f || day >= frame.f) && (!frame.u || day <= frame.u) && !inSpans(frame.x, day)
      && onSpecialDay(frame.o, day);
  }

  function at(parts) {
    return new Date(parts[0], parts[1] - 1, parts[2], parts[3], parts[4]).getTime();
  }

  // The urgent notice overrides everything, the night page too, from its start until its end.
  function urgentPlan(now) {
    var urgent = config.urgent;
    if (!urgent) { return null; }
    var start = urgent.from ? at(urgent.from) : -Infinity, end = at(urgent.until);
    if (now < start || now >= end) { return null; }
    return { index: urgent.i, start: Math.max(start, now - 3600000), end: end, key: 'urgent', cycle: null };
  }

  function info(index) {
    return index < frames.length ? frames[index]
      : { d: PREVIEW_URGENT_MS, n: '紧急通知', sd: '到结束时间为止，盖过一切', k: 'urgent', x: [] };
  }

  // A preview plays every frame in turn, from the one ?slide asked for.
  function previewPlan(now) {
    if (still) { return { index: order[first], start: started, end: Infinity, key: 'still', cycle: null }; }
    var cycle = 0, i;
    for (i = 0; i < order.length; i++) { cycle += info(order[i]).d; }
    var position = ((now - state.origin) % cycle + cycle) % cycle;
    var start = now - position;
    for (i = 0; i < order.length; i++) {
      var duration = info(order[i]).d;
      if (position < duration) {
        return { index: order[i], start: start, end: start + duration, key: order[i] + '@' + start, cycle: cycle };
      }
      position -= duration;
      start += duration;
    }
    return null;
  }

  // The frame due at `now`: the playlist of frames allowed now repeats since the Unix epoch.
  function plan(now) {
    if (state.presenter) { return state.presenter.plan(now); }
    if (preview) { return previewPlan(now); }
    var urgent = urgentPlan(now);
    if (urgent) { return urgent; }
    var date = new Date(now), day = dayKey(date);
    if (!allowed(config.schedule, date) || inSpans(config.except, day)) { return null; }
    var list = [], cycle = 0, i;
    for (i = 0; i < frames.length; i++) {
      if (allowed(frames[i].s, date) && onDay(frames[i], day)) { list.push(i); cycle += frames[i].d; }
    }
    if (!cycle) { return null; }
    var position = now % cycle;
    var start = now - position;
    for (i = 0; i < list.length; i++) {
      var duration = frames[list[i]].d;
      if (position < duration) {
        return { index: list[i], start: start, end: start + duration, key: list[i] + '@' + start, cycle: cycle };
      }
      position -= duration;
      start += duration;
    }
    return null;
  }

  function nextDaily(now) {
    var date = new Date(now);
    var hours = Math.floor(config.dailyReload / 60), minutes = config.dailyReload % 60;
    var at = new Date(date.getFullYear(), date.getMonth(), date.getDate(), hours, minutes).getTime();
    if (at <= now) {
      at = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, hours, minutes).getTime();
    }
    return at;
  }

  // ---- Slides ---------------------------------------------------------------------------------

  function hidden() {
    return pool[state.active === 0 ? 1 : 0];
  }

  function fill(element, index) {
    state.generation++;
    while (element.firstChild) { element.removeChild(element.firstChild); }
    var template = doc.getElementById('frame-' + index);
    if (template.content) {
      element.appendChild(doc.importNode(template.content, true));
    } else {
      element.innerHTML = template.innerHTML;
    }
    element.setAttribute('data-frame', String(index));
  }

  function decodeImages(element, done) {
    var images = element.getElementsByTagName('img');
    var left = images.length;
    if (!left) { done(); return; }
    var one = function () {
      left--;
      if (left === 0) { done(); }
    };
    for (var i = 0; i < images.length; i++) { decodeImage(images[i], one); }
  }

  function decodeImage(image, done) {
    var finished = false;
    state.decoding++;
    var ok = function () {
      if (!finished) {
        finished = true;
        state.decoding--;
        done();
      }
    };
    var broken = function () {
      if (!finished) {
        finished = true;
        state.decoding--;
        image.className += ' is-broken';
        done();
      }
    };
    if (image.decode) {
      image.decode().then(ok, function () {
        if (image.complete && !image.naturalWidth) { broken(); } else { ok(); }
      });
    } else if (image.complete) {
      if (image.naturalWidth) { ok(); } else { broken(); }
    } else {
      image.onload = ok;
      image.onerror = broken;
    }
  }

  function prepare(next) {
    var element = hidden();
    fill(element, next.index);
    state.preparedIndex = next.index;
    state.preparedReady = false;
    var generation = state.generation;
    decodeImages(element, function () {
      if (generation === state.generation) { state.preparedReady = true; }
    });
  }

  function show(current, now) {
    if (state.active >= 0 && state.shownIndex === current.index) {
      state.shownKey = current.key;
      startProgress(current, now);
      return;
    }
    var element = hidden();
    if (state.preparedIndex !== current.index) {
      fill(element, current.index);
      decodeImages(element, function () {});
    }
    var old = state.active >= 0 ? pool[state.active] : null;
    if (old) {
      old.className = 'slide';
      old.setAttribute('aria-hidden', 'true');
    }
    element.className = 'slide is-active';
    element.setAttribute('aria-hidden', 'false');
    state.active = element === pool[0] ? 0 : 1;
    state.shownKey = current.key;
    state.shownIndex = current.index;
    state.preparedIndex = -1;
    state.preparedReady = false;
    state.generation++;
    state.swaps++;
    startProgress(current, now);
  }

  function setTransform(element, value) {
    element.style.webkitTransform = value;
    element.style.transform = value;
  }

  function setTransition(element, value) {
    element.style.webkitTransition = value === 'none' ? value : '-webkit-' + value;
    element.style.transition = value;
  }

  function startProgress(current, now) {
    if (config.transitions === 'none' || current.end === Infinity) { return; }
    var duration = current.end - current.start;
    var done = Math.max(0, Math.min(1, (now - current.start) / duration));
    setTransition(bar, 'none');
    setTransform(bar, 'scaleX(' + done + ')');
    state.layout = bar.offsetWidth;  // apply the start before the transition begins
    setTransition(bar, 'transform ' + Math.max(0, (current.end - now) / 1000) + 's linear');
    setTransform(bar, 'scaleX(1)');
  }

  function setNight(night) {
    if (night === state.night) { return; }
    state.night = night;
    root.className = baseClass + (night ? ' is-night' : '');
  }

  // ---- Clock and burn-in ----------------------------------------------------------------------

  function pad(number) {
    return number < 10 ? '0' + number : String(number);
  }

  function updateClock(date) {
    var minute = Math.floor(date.getTime() / 60000);
    if (minute === state.minute) { return; }
    state.minute = minute;
    var time = pad(date.getHours()) + ':' + pad(date.getMinutes());
    timeText.nodeValue = time;
    nightText.nodeValue = time;
    dateText.nodeValue = (date.getMonth() + 1) + '月' + date.getDate() + '日 ' + WEEKDAYS[date.getDay()];
  }

  function shift(now) {
    var step = Math.floor(now / SHIFT_MS);
    if (step === state.shiftStep) { return; }
    state.shiftStep = step;
    var offset = ORBIT[step % ORBIT.length];
    setTransform(stage, 'translate(' + offset[0] * 0.4 + 'vmin, ' + offset[1] * 0.4 + 'vmin)');
    var x = (step * 7) % 9 - 4, y = (step * 5) % 7 - 3;
    setTransform(nightClock, 'translate(' + x * 4 + 'vmin, ' + y * 8 + 'vmin)');
  }

  // ---- Updates: version.json, the page check, reloads -----------------------------------------

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

  // ---- The tick -------------------------------------------------------------------------------

  function step(now) {
    if (state.reloading) { return; }
    updateClock(new Date(now));
    shift(now);
    if (now >= state.nextPoll && !still) {
      state.nextPoll = now + config.poll;
      poll(now);
    }
    if (now >= state.nextDaily) { state.dailyDue = true; }
    if (state.presenter) { state.presenter.step(now); }
    var current = plan(now);
    setNight(!current);
    describe(current);
    if (state.presenter) {
      // A talk is never interrupted by a reload; the next frame is prepared for the clicker.
      if (current.key !== state.shownKey) { show(current, now); }
      var following = state.presenter.following();
      if (following >= 0 && state.preparedIndex !== following && state.shownIndex !== following) {
        prepare({ index: following });
      }
      return;
    }
    if (!current) {
      // The night page: nothing to interrupt, so reload as soon as the page checks out.
      if (wantReload(now)) {
        if (verified(now)) { reload(now); return; }
        verify(now);
      }
      return;
    }
    if (current.key !== state.shownKey) {
      if (state.shownKey !== null && wantReload(now) && verified(now)) { reload(now); return; }
      show(current, now);
    }
    var lead = Math.min(PREPARE_MS, current.end - current.start - SETTLE_MS);
    if (current.end - now <= lead) {
      var next = plan(current.end);
      if (next && next.index !== current.index && state.preparedIndex !== next.index) { prepare(next); }
      if (wantReload(now)) { verify(now); }
    }
  }

  function tick() {
    try {
      step(clock());
    } catch (error) {
      state.errors++;
    }
  }

  function spanText(span) {
    return span[0] === span[1] ? span[0] : span.join('~');
  }

  // The bar of a preview: which frame of how many, its name and when it plays.
  function describe(current) {
    if (!testing) { return; }
    var text;
    if (!current) {
      text = '夜间画面（开屏时段之外）· 开屏时段：' + config.scheduleText;
    } else {
      var frame = info(current.index), days = [];
      if (frame.f) { days.push(frame.f + ' 起'); }
      if (frame.u) { days.push('到 ' + frame.u); }
      for (var i = 0; i < (frame.x || []).length; i++) { days.push('除 ' + spanText(frame.x[i])); }
      for (i = 0; i < (frame.o || []).length; i++) { days.push('仅 ' + spanText(frame.o[i])); }
      text = (order.indexOf(current.index) + 1) + '/' + order.length + ' · ' + frame.n + ' · 播放时段：' + frame.sd
        + (days.length ? ' · ' + days.join('，') : '');
    }
    if (offset) {
      var date = new Date(clock());
      text = '模拟时间 ' + dayKey(date) + ' ' + pad(date.getHours()) + ':' + pad(date.getMinutes()) + ' · ' + text;
    }
    text = (preview ? '预览 · ' : '') + text;
    if (text !== state.barText) {
      state.barText = text;
      previewText.nodeValue = text;
    }
  }

  window.brandhallScreen = {
    state: function () {
      var now = clock();
      var current = plan(now);
      return {
        now: now,
        version: config.version,
        frame: state.shownIndex,
        due: current ? current.index : -1,
        start: current ? current.start : null,
        end: current ? current.end : null,
        cycle: current ? current.cycle : null,
        night: !!state.night,
        swaps: state.swaps,
        preparedIndex: state.preparedIndex,
        preparedReady: state.preparedReady,
        pendingVersion: state.pendingVersion,
        dailyDue: state.dailyDue,
        verify: state.verify,
        inflight: state.inflight,
        decoding: state.decoding,
        polls: state.polls,
        pollFailures: state.pollFailures,
        errors: state.errors,
        reloading: state.reloading,
        presenting: !!state.presenter,
        blank: !!(state.presenter && state.presenter.blank),
        bar: state.barText
      };
    }
  };

  var started = clock();
  var first = Math.max(0, Math.min(order.length - 1, (parseInt(params.slide, 10) || 1) - 1));
  state.origin = started;
  for (var k = 0; k < first; k++) { state.origin -= info(order[k]).d; }
  state.nextPoll = started + config.poll;
  state.nextDaily = nextDaily(started);
  if (testing) { root.className = baseClass = baseClass + ' is-preview'; }
  if (!preview && window.brandhallPresenter && (config.mode === 'present' || params.present !== undefined)
      && params.loop === undefined) {
    state.presenter = window.brandhallPresenter({
      count: frames.length, first: Math.min(first, frames.length - 1), resume: config.resume, started: started, params: params,
      screen: doc.getElementById('screen'), mode: config.mode,
      frameAt: function (position) { return order[position]; },
      tick: tick,
      leave: function () { state.presenter = null; state.shownKey = null; }
    });
  }
  tick();
  window.setInterval(tick, TICK_MS);
}());
