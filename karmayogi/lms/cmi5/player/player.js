/* The platform's player for tracked content: a cmi5 AU (see karmayogi/lms/cmi5/tracked.py).
   It runs sandboxed in an opaque origin and reaches the platform only through the LRS, with the
   session token its one-time fetch URL hands out. */
(function () {
  "use strict";

  var TEXT = {
    en: {
      loading: "Loading…", failed: "The content could not start: ", finish: "Finish and return",
      progress: "Progress", play: "Play", pause: "Pause", video: "Video",
      resumedAt: "Resumed at {0}.", resumedPage: "Resumed at page {0}.", done: "Completed. Your progress is saved.",
      previous: "Previous page", next: "Next page", pageOf: "Page {0} of {1}", pageAlt: "Page {0} of the document",
      content: "Course content", markDone: "Mark as finished", wait: "You can mark it finished after {0} more seconds.",
      ready: "You can mark it finished now.", saveFailed: "Your progress could not be saved: "
    },
    hi: {
      loading: "लोड हो रहा है…", failed: "सामग्री शुरू नहीं हो सकी: ", finish: "समाप्त करें और लौटें",
      progress: "प्रगति", play: "चलाएँ", pause: "रोकें", video: "वीडियो",
      resumedAt: "{0} से फिर शुरू किया।", resumedPage: "पृष्ठ {0} से फिर शुरू किया।", done: "पूर्ण। आपकी प्रगति सहेज ली गई है।",
      previous: "पिछला पृष्ठ", next: "अगला पृष्ठ", pageOf: "पृष्ठ {0} / {1}", pageAlt: "दस्तावेज़ का पृष्ठ {0}",
      content: "पाठ्यक्रम सामग्री", markDone: "पूर्ण के रूप में चिह्नित करें", wait: "आप {0} सेकंड बाद इसे पूर्ण चिह्नित कर सकते हैं।",
      ready: "अब आप इसे पूर्ण चिह्नित कर सकते हैं।", saveFailed: "आपकी प्रगति सहेजी नहीं जा सकी: "
    }
  };
  var VERBS = "http://adlnet.gov/expapi/verbs/";
  var CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
  var MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon";
  var PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress";
  var STATE = "karmayogi.player";

  var query = new URLSearchParams(location.search);
  var endpoint = (query.get("endpoint") || "").replace(/\/$/, "");
  var actor = JSON.parse(query.get("actor") || "null");
  var registration = query.get("registration");
  var activityId = query.get("activityId");
  var token = null, launchData = null, t = TEXT.en;
  var saved = {}, completed = false, terminated = false, startedAt = Date.now(), reported = 0;
  var $ = function (id) { return document.getElementById(id); };

  function say(text, key) { return (text || "").replace(/\{(\d)\}/g, function (_, i) { return key[i]; }); }
  function status(text, isError) { var s = $("status"); s.textContent = text; s.className = isError ? "error" : ""; }
  function element(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    return node;
  }
  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return x.toString(16).padStart(2, "0"); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  function clock(seconds) {
    var s = Math.floor(seconds), m = Math.floor(s / 60);
    return m + ":" + String(s % 60).padStart(2, "0");
  }

  function lrs(method, resource, params, body, keepalive) {
    var headers = { "Authorization": "Basic " + token, "X-Experience-API-Version": "1.0.3" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(endpoint + "/" + resource + "?" + new URLSearchParams(params || {}), {
      method: method, headers: headers, body: body, keepalive: !!keepalive, credentials: "omit"
    });
  }
  function stateParams(id) {
    return { stateId: id, activityId: activityId, agent: JSON.stringify(actor), registration: registration };
  }
  async function readJson(response) { return response.ok ? response.json() : null; }

  function statement(verb, result, defined, moveOn) {
    var context = JSON.parse(JSON.stringify(launchData.contextTemplate || {}));
    context.registration = registration;
    context.contextActivities = context.contextActivities || {};
    if (defined) {
      context.contextActivities.category = [{ id: CATEGORY }].concat(moveOn ? [{ id: MOVEON }] : []);
    }
    var s = {
      id: uuid(), actor: actor, verb: { id: VERBS + verb, display: { "en-US": verb } },
      object: { objectType: "Activity", id: activityId }, timestamp: new Date().toISOString(), context: context
    };
    if (result) s.result = result;
    return s;
  }
  async function send(s, keepalive) {
    var response = await lrs("POST", "statements", {}, JSON.stringify(s), keepalive);
    if (!response.ok) throw new Error(response.status + " " + (await response.text()).slice(0, 200));
  }
  function duration() { return "PT" + ((Date.now() - startedAt) / 1000).toFixed(2) + "S"; }

  var saveTimer = null;
  function remember(more, keepalive) {
    Object.assign(saved, more || {}, { completed: completed });
    clearTimeout(saveTimer);
    return lrs("PUT", "activities/state", stateParams(STATE), JSON.stringify(saved), keepalive)
      .then(function (r) { if (!r.ok) status(t.saveFailed + r.status, true); })
      .catch(function (e) { status(t.saveFailed + e.message, true); });
  }
  function rememberSoon(more) {
    Object.assign(saved, more || {});
    clearTimeout(saveTimer);
    saveTimer = setTimeout(remember, 3000);
  }

  async function progressed(share) {
    var percent = completed ? 100 : Math.min(100, Math.round(share * 100));
    $("progress").value = percent;
    $("progress-text").textContent = percent + "%";
    var step = Math.floor(percent / 25) * 25;  // a statement at each quarter, not at every tick
    if (step > reported && !completed) {
      reported = step;
      var extensions = {}; extensions[PROGRESS] = percent;
      await send(statement("progressed", { extensions: extensions }, false));
    }
  }
  async function complete() {
    if (completed) return;
    completed = true;
    $("progress").value = 100;
    $("progress-text").textContent = "100%";
    if (launchData.launchMode === "Normal") {
      await send(statement("completed", { completion: true, duration: duration() }, true, true));
    }
    await remember();
    status(t.done);
  }
  async function terminate(keepalive) {
    if (terminated) return;
    terminated = true;
    var last = statement("terminated", { duration: duration() }, true);
    if (keepalive) {  // the page is going: both requests leave now, as the page cannot wait for either
      remember({}, true);
      send(last, true).catch(function () {});
      return;
    }
    await remember();
    await send(last);
  }

  function playVideo(params) {
    var video = element("video", { src: params.src, preload: "auto", controls: "", "aria-label": t.video });
    var toggle = element("button", { type: "button", id: "play" });
    toggle.textContent = t.play;
    var controls = element("div", { "class": "controls" });
    controls.appendChild(toggle);
    $("stage").append(video, controls);
    var watched = (saved.watched || []).slice(), last = null;

    function add(from, to) {  // a played stretch, merged into the others
      watched.push([from, to]);
      watched.sort(function (a, b) { return a[0] - b[0]; });
      var merged = [];
      watched.forEach(function (r) {
        var top = merged[merged.length - 1];
        if (top && r[0] <= top[1] + 0.01) top[1] = Math.max(top[1], r[1]); else merged.push(r.slice());
      });
      watched = merged;
    }
    function share() {
      if (!isFinite(video.duration) || video.duration <= 0) return 0;
      var seen = watched.reduce(function (sum, r) { return sum + r[1] - r[0]; }, 0);
      return Math.min(1, seen / video.duration);
    }
    async function update() {
      await progressed(share());
      if (share() >= params.threshold) await complete();
    }
    toggle.addEventListener("click", function () { if (video.paused) video.play(); else video.pause(); });
    video.addEventListener("play", function () { toggle.textContent = t.pause; });
    video.addEventListener("playing", function () { last = video.currentTime; });  // counts from here
    video.addEventListener("loadedmetadata", function () {
      if (saved.position && saved.position < video.duration - 0.5) {
        video.currentTime = saved.position;
        status(say(t.resumedAt, [clock(saved.position)]));
      }
      progressed(share());
    });
    video.addEventListener("seeking", function () { last = null; });
    video.addEventListener("seeked", function () { last = video.paused ? null : video.currentTime; });
    video.addEventListener("timeupdate", function () {
      var now = video.currentTime;
      if (!video.paused && !video.seeking && last !== null && now > last && now - last < 1.5) add(last, now);
      last = video.paused ? null : now;
      rememberSoon({ position: now, watched: watched });
      update();
    });
    video.addEventListener("pause", function () {
      toggle.textContent = t.play;
      if (last !== null && video.currentTime > last) add(last, video.currentTime);
      last = null;
      remember({ position: video.currentTime, watched: watched });
    });
    video.addEventListener("ended", function () {
      if (last !== null) add(last, video.duration);
      last = null;
      remember({ position: 0, watched: watched });
      update();
    });
  }

  function showDocument(params) {
    var pages = params.pages, index = Math.min(saved.page || 0, pages.length - 1);
    var seen = {};
    (saved.seen || []).forEach(function (i) { seen[i] = true; });
    var image = element("img", { "class": "page" });
    var label = element("p", { id: "page-label", "aria-live": "polite" });
    var previous = element("button", { type: "button", id: "previous" });
    var next = element("button", { type: "button", id: "next", "class": "primary" });
    previous.textContent = t.previous; next.textContent = t.next;
    var controls = element("div", { "class": "controls" });
    controls.append(previous, label, next);
    $("stage").append(controls, image);
    async function show(i) {
      index = i;
      image.src = pages[i];
      image.alt = say(t.pageAlt, [i + 1]);
      label.textContent = say(t.pageOf, [i + 1, pages.length]);
      previous.disabled = i === 0;
      next.disabled = i === pages.length - 1;
      seen[i] = true;
      var share = Object.keys(seen).length / pages.length;
      remember({ page: i, seen: Object.keys(seen).map(Number) });
      await progressed(share);
      if (share >= params.threshold) await complete();
    }
    previous.addEventListener("click", function () { if (index > 0) show(index - 1); });
    next.addEventListener("click", function () { if (index < pages.length - 1) show(index + 1); });
    if (index > 0) status(say(t.resumedPage, [index + 1]));
    show(index);
  }

  function showSite(params) {
    var frame = element("iframe", { src: params.src, "class": "site", title: t.content });
    var done = element("button", { type: "button", id: "mark-done", "class": "primary" });
    var note = element("p", { id: "wait", "aria-live": "polite" });
    done.textContent = t.markDone;
    var controls = element("div", { "class": "controls" });
    controls.append(done, note);
    $("stage").append(frame, controls);
    var seconds = saved.seconds || 0, minimum = params.minimumSeconds || 0;
    function tick() {
      var left = Math.max(0, minimum - seconds);
      done.disabled = left > 0 || completed;
      note.textContent = completed ? "" : left > 0 ? say(t.wait, [left]) : t.ready;
      if (!completed) progressed(Math.min(0.99, minimum ? seconds / minimum : 0.99));
    }
    setInterval(function () {
      if (document.visibilityState === "visible" && !terminated) { seconds += 1; rememberSoon({ seconds: seconds }); tick(); }
    }, 1000);
    done.addEventListener("click", function () { complete().then(tick); });
    window.addEventListener("message", function (event) {
      if (event.source === frame.contentWindow && event.data && event.data.type === "completed") complete().then(tick);
    });
    tick();
  }

  async function start() {
    var fetched = await fetch(query.get("fetch"), { method: "POST", credentials: "omit" });
    var answer = await fetched.json();
    if (!answer["auth-token"]) throw new Error(answer["error-text"] || "no session token");
    token = answer["auth-token"];
    launchData = await readJson(await lrs("GET", "activities/state", stateParams("LMS.LaunchData")));
    if (!launchData) throw new Error("no launch data");
    var preferences = await readJson(await lrs("GET", "agents/profile", {
      agent: JSON.stringify(actor), profileId: "cmi5LearnerPreferences"
    }));
    var language = ((preferences && preferences.languagePreference) || navigator.language || "en").slice(0, 2);
    t = TEXT[language] || TEXT.en;
    document.documentElement.lang = TEXT[language] ? language : "en";
    saved = (await readJson(await lrs("GET", "activities/state", stateParams(STATE)))) || {};
    completed = !!saved.completed;
    await send(statement("initialized", null, true));
    var params = JSON.parse(launchData.launchParameters || "{}");
    document.title = $("title").textContent = params.title || document.title;
    $("progress-label").textContent = t.progress;
    $("finish").textContent = t.finish;
    $("finish").addEventListener("click", async function () {
      $("finish").disabled = true;
      await terminate(false);
      location.href = launchData.returnURL;
    });
    window.addEventListener("pagehide", function () { terminate(true); });
    status(completed ? t.done : "");
    if (completed) { $("progress").value = 100; $("progress-text").textContent = "100%"; }
    if (params.kind === "video") playVideo(params);
    else if (params.kind === "document") showDocument(params);
    else showSite(params);
  }

  status(t.loading);
  start().catch(function (error) { status(t.failed + error.message, true); });
})();
