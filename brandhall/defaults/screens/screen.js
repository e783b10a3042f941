/* brandhall lobby screen player (大屏): the player loop.
 *
 * Runs unattended for weeks on cheap players, so:
 * - Which slide shows is computed from the wall clock (Date.now()), never from chained timers
 *   (schedule.js): a reload resumes at the right slide, and screens with the same playlist stay
 *   in step.
 * - Two slide elements are reused forever (slides.js).
 * - A new publish is picked up by polling version.json, at a slide boundary (updates.js).
 * - A daily reload at a quiet hour, a night page outside the schedule, and a slow pixel shift
 *   of everything static against burn-in.
 * - Test modes for people setting a screen up: ?preview plays every frame whatever the schedule,
 *   ?slide=N starts at frame N, ?at=2026-12-01T09:30 plays as at that moment; both show a bar.
 * - Presenter mode (mode: present, or ?present) lives in present.js: no clock, a clicker steps.
 * The page loads schedule.js, slides.js, updates.js and present.js before this file.
 * Plain ES5 for old TV browsers: no modules, arrow functions, let/const or fetch.
 */
(function () {
  'use strict';

  var TICK_MS = 250;
  var PREPARE_MS = 4000;          // prepare the next slide this long before it is due...
  var SETTLE_MS = 1500;           // ...but not before the current one has faded in
  var SHIFT_MS = 60000;           // move static elements a little every minute
  var PREVIEW_URGENT_MS = 15000;  // how long the urgent notice shows in a preview
  var WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
  var ORBIT = [[0, 0], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]];

  var schedule = window.brandhallSchedule;
  var pad = schedule.pad, dayKey = schedule.dayKey;
  var doc = document;
  var root = doc.documentElement;
  var configElement = doc.getElementById('screen-config');
  var config = JSON.parse(configElement.textContent || configElement.innerHTML);
  var frames = config.frames;
  var stage = doc.getElementById('stage');
  var nightClock = doc.getElementById('night-clock');
  var timeText = textNode(doc.getElementById('clock-time'));
  var dateText = textNode(doc.getElementById('clock-date'));
  var nightText = textNode(nightClock);
  var baseClass = root.className;
  var params = queryParams(location.search);
  var preview = params.preview !== undefined;
  var still = preview && params.still !== undefined;  // a thumbnail of the contact sheet: one frame
  var offset = params.at ? schedule.momentOf(params.at) - Date.now() : 0;
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

  var slides = window.brandhallSlides(doc, state, config.transitions);
  var updates = window.brandhallUpdates(config, state);

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

  function clock() {
    return Date.now() + offset;
  }

  // ---- Schedule and timing ------------------------------------------------------------------

  function info(index) {
    return index < frames.length ? frames[index]
      : { d: PREVIEW_URGENT_MS, n: '紧急通知', sd: '到结束时间为止，盖过一切', k: 'urgent', x: [] };
  }

  // A preview plays every frame in turn, from the one ?slide asked for.
  function previewPlan(now) {
    if (still) { return { index: order[first], start: started, end: Infinity, key: 'still', cycle: null }; }
    return schedule.cycleAt(order, function (index) { return info(index).d; }, now, state.origin);
  }

  // The frame due at `now`; null for the night page.
  function plan(now) {
    if (state.presenter) { return state.presenter.plan(now); }
    if (preview) { return previewPlan(now); }
    return schedule.due(config, now);
  }

  // ---- The night page, the clock and burn-in ---------------------------------------------

  function setNight(night) {
    if (night === state.night) { return; }
    state.night = night;
    root.className = baseClass + (night ? ' is-night' : '');
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
    slides.setTransform(stage, 'translate(' + offset[0] * 0.4 + 'vmin, ' + offset[1] * 0.4 + 'vmin)');
    var x = (step * 7) % 9 - 4, y = (step * 5) % 7 - 3;
    slides.setTransform(nightClock, 'translate(' + x * 4 + 'vmin, ' + y * 8 + 'vmin)');
  }

  // ---- The tick -------------------------------------------------------------------------------

  function step(now) {
    if (state.reloading) { return; }
    updateClock(new Date(now));
    shift(now);
    if (now >= state.nextPoll && !still) {
      state.nextPoll = now + config.poll;
      updates.poll(now);
    }
    if (now >= state.nextDaily) { state.dailyDue = true; }
    if (state.presenter) { state.presenter.step(now); }
    var current = plan(now);
    setNight(!current);
    describe(current);
    if (state.presenter) {
      // A talk is never interrupted by a reload; the next frame is prepared for the clicker.
      if (current.key !== state.shownKey) { slides.show(current, now); }
      var following = state.presenter.following();
      if (following >= 0 && state.preparedIndex !== following && state.shownIndex !== following) {
        slides.prepare({ index: following });
      }
      return;
    }
    if (!current) {
      // The night page: nothing to interrupt, so reload as soon as the page checks out.
      if (updates.wantReload(now)) {
        if (updates.verified(now)) { updates.reload(now); return; }
        updates.verify(now);
      }
      return;
    }
    if (current.key !== state.shownKey) {
      if (state.shownKey !== null && updates.wantReload(now) && updates.verified(now)) { updates.reload(now); return; }
      slides.show(current, now);
    }
    var lead = Math.min(PREPARE_MS, current.end - current.start - SETTLE_MS);
    if (current.end - now <= lead) {
      var next = plan(current.end);
      if (next && next.index !== current.index && state.preparedIndex !== next.index) { slides.prepare(next); }
      if (updates.wantReload(now)) { updates.verify(now); }
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
  state.nextDaily = schedule.nextDaily(started, config.dailyReload);
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
