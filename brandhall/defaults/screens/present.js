/* Presenter mode of the lobby screen player (大屏演示), for a talk at a meeting.
 *
 * screen.js starts it for a playlist with `mode: present`, or with ?present in the address
 * (?loop turns it off). Nothing advances by itself: a presentation clicker (which sends PageDown
 * and PageUp, or the arrow keys), the keyboard or a swipe steps through the frames. B or .
 * blanks the screen and back; Home and End go to the first and the last frame. The frame is kept
 * in the address (?slide=N), so a reload resumes there. Escape, or the playlist's `resume` time,
 * hands the screen back to its clock.
 * Plain ES5 for old TV browsers, like screen.js.
 */
(function () {
  'use strict';

  var SWIPE_PX = 60;
  var KEYS = {
    PageDown: 'next', ArrowRight: 'next', ArrowDown: 'next', Right: 'next', Down: 'next',
    ' ': 'next', Spacebar: 'next', Enter: 'next', n: 'next', N: 'next',
    PageUp: 'previous', ArrowLeft: 'previous', ArrowUp: 'previous', Left: 'previous', Up: 'previous',
    Backspace: 'previous', p: 'previous', P: 'previous',
    Home: 'first', End: 'last', b: 'blank', B: 'blank', '.': 'blank', Escape: 'leave', Esc: 'leave'
  };
  var KEY_CODES = {
    34: 'next', 39: 'next', 40: 'next', 32: 'next', 13: 'next', 78: 'next',
    33: 'previous', 37: 'previous', 38: 'previous', 8: 'previous', 80: 'previous',
    36: 'first', 35: 'last', 66: 'blank', 190: 'blank', 27: 'leave'
  };

  function actionOf(event) {
    if (event.key && KEYS.hasOwnProperty(event.key)) { return KEYS[event.key]; }
    return KEY_CODES[event.keyCode] || null;
  }

  // The next time of day `minutes` after midnight comes round, after `now`.
  function nextAt(now, minutes) {
    var date = new Date(now);
    var at = new Date(date.getFullYear(), date.getMonth(), date.getDate(), 0, minutes).getTime();
    return at > now ? at : new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, 0, minutes).getTime();
  }

  function address(params, slide) {
    var query = [];
    for (var name in params) {
      if (params.hasOwnProperty(name) && name !== 'slide') {
        query.push(encodeURIComponent(name) + (params[name] === '' ? '' : '=' + encodeURIComponent(params[name])));
      }
    }
    if (slide !== null) { query.push('slide=' + slide); }
    return location.pathname + (query.length ? '?' + query.join('&') : '');
  }

  window.brandhallPresenter = function (player) {
    var self = { position: player.first, blank: false };
    var resumeAt = player.resume === null ? null : nextAt(player.started, player.resume);
    var className = player.screen.className;
    var touch = null;

    function paint() {
      player.screen.className = className + ' is-present' + (self.blank ? ' is-blank' : '');
    }

    function keep(params, slide) {
      try { window.history.replaceState(null, '', address(params, slide)); } catch (error) { /* file:// */ }
    }

    function go(position) {
      self.position = Math.max(0, Math.min(player.count - 1, position));
      self.blank = false;
      paint();
      keep(player.params, self.position + 1);
      player.tick();
    }

    function leave() {
      doc.removeEventListener('keydown', onKey, false);
      doc.removeEventListener('touchstart', onTouchStart, false);
      doc.removeEventListener('touchend', onTouchEnd, false);
      player.screen.className = className;
      var params = {}, name;
      for (name in player.params) {
        if (player.params.hasOwnProperty(name) && name !== 'present') { params[name] = player.params[name]; }
      }
      if (player.mode === 'present') { params.loop = ''; }
      keep(params, null);
      player.leave();
    }

    function act(action) {
      if (action === 'next') { go(self.position + 1); }
      if (action === 'previous') { go(self.position - 1); }
      if (action === 'first') { go(0); }
      if (action === 'last') { go(player.count - 1); }
      if (action === 'blank') { self.blank = !self.blank; paint(); }
      if (action === 'leave') { leave(); player.tick(); }
    }

    function onKey(event) {
      var action = actionOf(event);
      if (!action || event.altKey || event.ctrlKey || event.metaKey) { return; }
      if (event.preventDefault) { event.preventDefault(); }
      act(action);
    }

    function onTouchStart(event) {
      var point = event.changedTouches && event.changedTouches[0];
      touch = point ? { x: point.clientX, y: point.clientY } : null;
    }

    function onTouchEnd(event) {
      var point = event.changedTouches && event.changedTouches[0];
      if (!touch || !point) { return; }
      var dx = point.clientX - touch.x, dy = point.clientY - touch.y;
      touch = null;
      if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) > Math.abs(dy)) { act(dx < 0 ? 'next' : 'previous'); }
    }

    var doc = document;
    doc.addEventListener('keydown', onKey, false);
    doc.addEventListener('touchstart', onTouchStart, false);
    doc.addEventListener('touchend', onTouchEnd, false);

    self.plan = function () {
      return { index: player.frameAt(self.position), start: player.started, end: Infinity,
               key: 'present:' + self.position, cycle: null };
    };
    // The playlist's resume time ends the talk: the screen goes back to its schedule.
    self.step = function (now) {
      if (resumeAt !== null && now >= resumeAt) { leave(); }
    };
    self.following = function () {
      return self.position + 1 < player.count ? player.frameAt(self.position + 1) : -1;
    };

    paint();
    keep(player.params, self.position + 1);
    return self;
  };
}());
