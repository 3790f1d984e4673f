/* lotline scan field: keyboard-wedge scanners, the phone camera (zxing-wasm from our own static files,
   never a CDN) and the operator feedback (coloured banner, beep, vibration). No build step. */
(function () {
  "use strict";
  var GS = "\x1d";
  var audio = null;

  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var t = audio.currentTime, osc = audio.createOscillator(), gain = audio.createGain();
      osc.connect(gain); gain.connect(audio.destination);
      if (kind === "error") {          // low, long, two-tone: unmistakable on a noisy floor
        osc.type = "square";
        osc.frequency.setValueAtTime(330, t); osc.frequency.setValueAtTime(220, t + 0.18);
        gain.gain.setValueAtTime(0.3, t); osc.start(t); osc.stop(t + 0.5);
      } else if (kind === "pending") {  // soft double tick
        osc.type = "triangle"; osc.frequency.setValueAtTime(660, t);
        gain.gain.setValueAtTime(0.15, t); gain.gain.setValueAtTime(0, t + 0.06);
        gain.gain.setValueAtTime(0.15, t + 0.12); osc.start(t); osc.stop(t + 0.18);
      } else {                           // short high chirp
        osc.type = "sine"; osc.frequency.setValueAtTime(1320, t);
        gain.gain.setValueAtTime(0.2, t); osc.start(t); osc.stop(t + 0.09);
      }
    } catch (e) { /* no audio: the banner still says it */ }
  }

  function vibrate(kind) {
    if (!navigator.vibrate) return;
    try { navigator.vibrate(kind === "error" ? [250, 120, 250] : kind === "pending" ? [40, 60, 40] : 60); }
    catch (e) { /* ignored */ }
  }

  /* kind: ok | error | pending | idle */
  function feedback(kind, message) {
    var banner = document.getElementById("banner");
    if (banner) {
      banner.className = "banner " + ({ ok: "ok", error: "bad", pending: "pending" }[kind] || "idle");
      banner.dataset.state = kind;
      banner.dataset.seq = String((+banner.dataset.seq || 0) + 1);  // lets tests and tools see each verdict
      if (message !== undefined) banner.textContent = message;
    }
    if (kind !== "idle") { beep(kind); vibrate(kind); }
  }

  function insertAtCursor(input, text) {
    var start = input.selectionStart, end = input.selectionEnd;
    if (start === null || start === undefined) { input.value += text; return; }
    input.value = input.value.slice(0, start) + text + input.value.slice(end);
    input.selectionStart = input.selectionEnd = start + text.length;
  }

  /* Wedge scanners send GS1's group separator as Ctrl+], which browsers drop: put \x1d in ourselves. */
  function mapGroupSeparator(e) {
    if (e.ctrlKey && e.code === "BracketRight") { e.preventDefault(); insertAtCursor(e.target, GS); return true; }
    return false;
  }

  /* The main scan field: Enter ends a scan; onScan(text, startedAt, source) */
  function attach(input, onScan) {
    input.addEventListener("keydown", function (e) {
      if (mapGroupSeparator(e)) return;
      if (e.key === "Enter") {
        e.preventDefault();
        var text = input.value;
        input.value = "";
        if (text.replace(/[\s\x1d]/g, "")) onScan(text, performance.now(), "keyboard");
      }
    });
  }

  /* Other scannable form fields: Ctrl+] → GS, and a scanner's Enter moves on instead of submitting. */
  function attachFormFields(root) {
    root.querySelectorAll("input[data-scan]").forEach(function (input) {
      if (input.dataset.scanReady) return;
      input.dataset.scanReady = "1";
      input.addEventListener("keydown", function (e) {
        if (mapGroupSeparator(e)) return;
        if (e.key === "Enter") {
          var fields = Array.prototype.slice.call(input.form ? input.form.elements : []).filter(function (el) {
            return el.type !== "hidden" && !el.disabled && el.tagName !== "FIELDSET";
          });
          var next = fields[fields.indexOf(input) + 1];
          if (next && next.tagName !== "BUTTON") { e.preventDefault(); next.focus(); }
        }
      });
    });
  }

  /* ---- camera ---- */
  var zxingReady = null;
  function loadZxing(box) {
    if (!zxingReady) {
      zxingReady = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = box.dataset.zxingJs;
        s.onload = function () {
          var wasm = box.dataset.zxingWasm;
          // Without locateFile the library would fetch its wasm from a CDN.
          window.ZXingWASM.prepareZXingModule({
            overrides: { locateFile: function (p, prefix) { return p.endsWith(".wasm") ? wasm : prefix + p; } },
          });
          resolve(window.ZXingWASM);
        };
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return zxingReady;
  }

  var FORMATS = ["QRCode", "DataMatrix", "Code128", "EANUPC", "DataBar"];

  function startCamera(box, onScan, onError) {
    var video = box.querySelector("video"), frame = box.querySelector(".camera");
    var canvas = document.createElement("canvas"), ctx = canvas.getContext("2d", { willReadFrequently: true });
    var last = "", lastAt = 0, running = true;
    var state = { stop: function () {
      running = false;
      if (video.srcObject) video.srcObject.getTracks().forEach(function (t) { t.stop(); });
      video.srcObject = null; frame.hidden = true; box.classList.remove("camera-on");
    } };
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      onError("no-camera"); return state;
    }
    Promise.all([
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }),
      loadZxing(box),
    ]).then(function (got) {
      var Z = got[1];
      video.srcObject = got[0]; frame.hidden = false; box.classList.add("camera-on");
      return video.play().then(function () {
        function tick() {
          if (!running) return;
          if (!video.videoWidth) { setTimeout(tick, 100); return; }
          canvas.width = video.videoWidth; canvas.height = video.videoHeight;
          ctx.drawImage(video, 0, 0);
          Z.readBarcodes(ctx.getImageData(0, 0, canvas.width, canvas.height),
                         { formats: FORMATS, tryHarder: true, maxNumberOfSymbols: 1, textMode: "Plain" })
            .then(function (results) {
              var hit = results.filter(function (r) { return r.isValid && r.text; })[0];
              if (hit) {
                // The same label held in view is one scan, not one every frame (10 s, or until another code).
                // Keep the symbology identifier (]Q3, ]d2, ]C1…): it tells the server the data is GS1.
                var text = (hit.symbologyIdentifier || "") + hit.text, now = Date.now();
                if (text !== last || now - lastAt > 10000) { last = text; lastAt = now; onScan(text, performance.now(), "camera"); }
              }
            })
            .catch(function () { /* a bad frame: try the next */ })
            .then(function () { setTimeout(tick, 120); });
        }
        tick();
      });
    }).catch(function (err) { state.stop(); onError(err && err.name ? err.name : String(err)); });
    return state;
  }

  function attachCamera(box, onScan, messages) {
    var button = box.querySelector(".camera-toggle"), camera = null;
    if (!button) return;
    button.addEventListener("click", function () {
      if (camera) { camera.stop(); camera = null; button.classList.remove("active"); return; }
      button.classList.add("active");
      camera = startCamera(box, onScan, function (why) {
        camera = null; button.classList.remove("active");
        feedback("error", why === "no-camera" || !window.isSecureContext ? messages.insecure : messages.denied);
      });
    });
  }

  window.LotlineScan = { GS: GS, attach: attach, attachFormFields: attachFormFields, attachCamera: attachCamera,
                         feedback: feedback, beep: beep };
})();
