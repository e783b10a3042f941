/* brandhall lobby screen player: the schedule (which frame is due at a moment).
 *
 * Pure time logic, no page: which frame of the playlist plays at `now`, by the wall clock.
 * The playlist of frames allowed at a moment repeats since the Unix epoch, so a reload resumes
 * at the right frame and screens with the same playlist stay in step. Times are the player's
 * own local time. Plain ES5 for old TV browsers (see screen.js).
 */
(function () {
  'use strict';

  function pad(number) {
    return number < 10 ? '0' + number : String(number);
  }

  function contains(list, value) {
    for (var i = 0; i < list.length; i++) {
      if (list[i] === value) { return true; }
    }
    return false;
  }

  // 2026-12-01T09:30 (or a space for the T) in the player's own time zone; NaN when it is not one.
  function momentOf(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})$/.exec(text);
    return m ? new Date(+m[1], m[2] - 1, +m[3], +m[4], +m[5]).getTime() : NaN;
  }

  // [year, month, day, hour, minute] as the build writes a moment.
  function at(parts) {
    return new Date(parts[0], parts[1] - 1, parts[2], parts[3], parts[4]).getTime();
  }

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

  // A special opening day's hours, [[start, end], ...] in minutes, or null on an ordinary day.
  // Each opening is [special day spans, start, end] and ends on the day it starts.
  function specialHours(openings, day) {
    var hours = [];
    for (var i = 0; i < (openings || []).length; i++) {
      if (onSpecialDay(openings[i][0], day)) { hours.push([openings[i][1], openings[i][2]]); }
    }
    return hours.length ? hours : null;
  }

  function withinHours(hours, date) {
    var minute = date.getHours() * 60 + date.getMinutes();
    for (var i = 0; i < hours.length; i++) {
      if (minute >= hours[i][0] && minute < hours[i][1]) { return true; }
    }
    return false;
  }

  // Open at `date`: a special day's own hours, or else the weekly schedule outside the holidays.
  function isOpen(config, date, day) {
    var hours = specialHours(config.special, day);
    if (hours) { return withinHours(hours, date); }
    return allowed(config.schedule, date) && !inSpans(config.except, day);
  }

  function onDay(frame, day) {
    return (!frame.f || day >= frame.f) && (!frame.u || day <= frame.u) && !inSpans(frame.x, day)
      && onSpecialDay(frame.o, day);
  }

  // The frame of `indices` (in turn, each for its duration) due at `now`, the cycle having
  // started at `origin`.
  function cycleAt(indices, durationOf, now, origin) {
    var cycle = 0, i;
    for (i = 0; i < indices.length; i++) { cycle += durationOf(indices[i]); }
    if (!cycle) { return null; }
    var position = ((now - origin) % cycle + cycle) % cycle;
    var start = now - position;
    for (i = 0; i < indices.length; i++) {
      var duration = durationOf(indices[i]);
      if (position < duration) {
        return { index: indices[i], start: start, end: start + duration, key: indices[i] + '@' + start, cycle: cycle };
      }
      position -= duration;
      start += duration;
    }
    return null;
  }

  // The urgent notice overrides everything, the night page too, from its start until its end.
  function urgentPlan(urgent, now) {
    if (!urgent) { return null; }
    var start = urgent.from ? at(urgent.from) : -Infinity, end = at(urgent.until);
    if (now < start || now >= end) { return null; }
    return { index: urgent.i, start: Math.max(start, now - 3600000), end: end, key: 'urgent', cycle: null };
  }

  // The frame due at `now` on a lobby screen; null for the night page.
  function due(config, now) {
    var urgent = urgentPlan(config.urgent, now);
    if (urgent) { return urgent; }
    var frames = config.frames, date = new Date(now), day = dayKey(date);
    if (!isOpen(config, date, day)) { return null; }
    var list = [];
    for (var i = 0; i < frames.length; i++) {
      if (allowed(frames[i].s, date) && onDay(frames[i], day)) { list.push(i); }
    }
    return cycleAt(list, function (index) { return frames[index].d; }, now, 0);
  }

  // The next moment of the daily reload, `minutes` after midnight.
  function nextDaily(now, minutes) {
    var date = new Date(now);
    var hours = Math.floor(minutes / 60), rest = minutes % 60;
    var when = new Date(date.getFullYear(), date.getMonth(), date.getDate(), hours, rest).getTime();
    if (when <= now) {
      when = new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1, hours, rest).getTime();
    }
    return when;
  }

  window.brandhallSchedule = {
    pad: pad, momentOf: momentOf, dayKey: dayKey, cycleAt: cycleAt, due: due, nextDaily: nextDaily
  };
}());
