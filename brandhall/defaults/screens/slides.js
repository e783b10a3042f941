/* brandhall lobby screen player: the two slide elements.
 *
 * Two slide elements are reused forever; a frame's content is cloned from its <template> into
 * the hidden one, its images are decoded, and only then is it faded in, so nothing is created
 * per slide that could pile up over weeks. `state` is the player's (screen.js): this module
 * keeps which element shows which frame in it. Plain ES5 for old TV browsers (see screen.js).
 */
(function () {
  'use strict';

  function setTransform(element, value) {
    element.style.webkitTransform = value;
    element.style.transform = value;
  }

  function setTransition(element, value) {
    element.style.webkitTransition = value === 'none' ? value : '-webkit-' + value;
    element.style.transition = value;
  }

  window.brandhallSlides = function (doc, state, transitions) {
    var pool = [doc.getElementById('slide-a'), doc.getElementById('slide-b')];
    var bar = doc.getElementById('progress-bar');

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

    // Fill the hidden element with the next frame, ahead of its time.
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

    function startProgress(current, now) {
      if (transitions === 'none' || current.end === Infinity) { return; }
      var duration = current.end - current.start;
      var done = Math.max(0, Math.min(1, (now - current.start) / duration));
      setTransition(bar, 'none');
      setTransform(bar, 'scaleX(' + done + ')');
      state.layout = bar.offsetWidth;  // apply the start before the transition begins
      setTransition(bar, 'transform ' + Math.max(0, (current.end - now) / 1000) + 's linear');
      setTransform(bar, 'scaleX(1)');
    }

    return { prepare: prepare, show: show, setTransform: setTransform };
  };
}());
