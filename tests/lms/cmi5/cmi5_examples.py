"""Small cmi5 packages made here, for the tests: one block of two AUs, and the same as a bare cmi5.xml."""

from __future__ import annotations

import io
import zipfile

NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
COURSE_IRI = "https://courses.example.org/cmi5/rti-basics"


def au_xml(ident: str, url: str, move_on: str = "Completed", extra: str = "") -> str:
    return (
        f'<au id="{ident}" moveOn="{move_on}" {extra}>'
        f'<title><langstring lang="en-US">AU {ident[-1]}</langstring></title>'
        f'<description><langstring lang="en-US">About it</langstring></description>'
        f"<url>{url}</url></au>"
    )


def course_xml(body: str, course_id: str = COURSE_IRI) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><courseStructure xmlns="{NS}">'
        f'<course id="{course_id}"><title><langstring lang="en-US">Right to Information basics</langstring>'
        f'</title><description><langstring lang="en-US">The RTI Act in practice.</langstring></description>'
        f"</course>{body}</courseStructure>"
    ).encode()


def two_au_course() -> bytes:
    return course_xml(
        f'<block id="{COURSE_IRI}/block"><title><langstring lang="en-US">Module one</langstring></title>'
        f'<description><langstring lang="en-US">Both parts</langstring></description>'
        + au_xml(f"{COURSE_IRI}/au1", "au1/index.html", "Completed")
        + au_xml(f"{COURSE_IRI}/au2", "au2/index.html?part=2", "Passed", 'masteryScore="0.8"')
        + "</block>"
    )


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def two_au_package() -> bytes:
    page = b"<!doctype html><html lang='en'><title>AU</title><p>Content</p></html>"
    return zipped({"cmi5.xml": two_au_course(), "au1/index.html": page, "au2/index.html": page})


# An AU written as a cmi5 AU writes itself: read the launch URL, fetch the token once, read
# LMS.LaunchData, say "initialized", keep a bookmark in the State API, and end with "completed" and
# "terminated" (Finish) or "terminated" alone (Leave), then go back to the LMS's returnURL.
AU_PAGE = rb"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Right to Information: lesson</title></head>
<body><main>
<h1>Right to Information: lesson</h1>
<p>Status: <span id="status">loading</span></p>
<p>Bookmark: <span id="bookmark">?</span></p>
<button type="button" id="save" onclick="save()">Save my place</button>
<button type="button" id="leave" onclick="finish(false)">Leave</button>
<button type="button" id="finish" onclick="finish(true)">Finish</button>
</main>
<script>
const q = new URLSearchParams(location.search);
const endpoint = q.get("endpoint").replace(/\/?$/, "/"), actor = JSON.parse(q.get("actor"));
const registration = q.get("registration"), activity = q.get("activityId");
let H, launchData;
const state = (id) => endpoint + "activities/state?" + new URLSearchParams(
  {activityId: activity, agent: JSON.stringify(actor), registration: registration, stateId: id});
const uuid = () => ([1e7] + -1e3 + -4e3 + -8e3 + -1e11).replace(/[018]/g,
  (c) => (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16));
async function send(verb, result) {
  const category = [{id: "https://w3id.org/xapi/cmi5/context/categories/cmi5"}];
  if (verb === "completed") category.push({id: "https://w3id.org/xapi/cmi5/context/categories/moveon"});
  const ctx = {registration: registration, contextActivities: {category: category,
      grouping: launchData.contextTemplate.contextActivities.grouping},
    extensions: launchData.contextTemplate.extensions};
  const body = {id: uuid(), timestamp: new Date().toISOString(), actor: actor,
    verb: {id: "http://adlnet.gov/expapi/verbs/" + verb}, object: {id: activity}, context: ctx};
  if (result) body.result = result;
  const r = await fetch(endpoint + "statements", {method: "POST", headers: H, body: JSON.stringify(body)});
  if (!r.ok) throw new Error(verb + " refused: " + r.status);
}
async function save() {
  await fetch(state("bookmark"), {method: "POST", headers: H, body: JSON.stringify({page: "page 3"})});
  document.getElementById("bookmark").textContent = "page 3";
}
async function finish(done) {
  if (done) await send("completed", {completion: true, duration: "PT1M"});
  await send("terminated", {duration: "PT1M"});
  location.href = launchData.returnURL;
}
(async () => {
  const answer = await (await fetch(q.get("fetch"), {method: "POST"})).json();
  H = {"Authorization": "Basic " + answer["auth-token"], "X-Experience-API-Version": "1.0.3",
       "Content-Type": "application/json"};
  launchData = await (await fetch(state("LMS.LaunchData"), {headers: H})).json();
  await fetch(endpoint + "agents/profile?" + new URLSearchParams(
    {agent: JSON.stringify(actor), profileId: "cmi5LearnerPreferences"}), {headers: H});
  await send("initialized");
  const mark = await fetch(state("bookmark"), {headers: H});
  document.getElementById("bookmark").textContent = mark.status === 200 ? (await mark.json()).page : "none";
  document.getElementById("status").textContent = "ready";
})().catch((e) => { document.getElementById("status").textContent = "error: " + e; });
</script></body></html>
"""


def browser_package() -> bytes:
    """One block holding one AU (moveOn Completed), whose page is `AU_PAGE`."""
    xml = course_xml(
        f'<block id="{COURSE_IRI}/block"><title><langstring lang="en-US">Module one</langstring></title>'
        f'<description><langstring lang="en-US">The lesson</langstring></description>'
        + au_xml(f"{COURSE_IRI}/au1", "lesson/index.html", "Completed")
        + "</block>",
        course_id=f"{COURSE_IRI}-browser",
    )
    return zipped({"cmi5.xml": xml, "lesson/index.html": AU_PAGE})
