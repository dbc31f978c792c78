/*
    The Karmayogi platform as the LMS of ADL's CATAPULT LMS Test Suite (lts/), implementing the
    interface of its lib/lms.template.js against a running server, through the platform's own API:

    - importCourse: POST /api/v1/cmi5/packages as a content creator, then submit and approve the
      draft (a reviewer) so that it is published, and enrol the test learner in it;
    - getLaunchUrl: POST /api/v1/cmi5/courses/{id}/launch as that learner (the actor is the platform's
      learner, so CATAPULT's actor name is not used; its registration and launch mode are);
    - waiveAU and abandonSession: the cmi5 routes, as a platform administrator;
    - statements are read back with an API client of the learner's organisation.

    Configuration comes from the environment (set by tests/lms/cmi5/test_catapult.py):
    KARMAYOGI_BASE, KARMAYOGI_PROVIDER_ID, KARMAYOGI_PASSWORD, KARMAYOGI_CREATOR, KARMAYOGI_REVIEWER,
    KARMAYOGI_LEARNER, KARMAYOGI_ADMIN, LRS_KEY, LRS_SECRET, CATAPULT_LTS (for its errors module).
    Node's own http module is used (jest's environment has no fetch), so nothing need be installed.
*/
"use strict";

const http = require("http"),
    https = require("https"),
    path = require("path"),
    {InvalidPackageError} = require(path.join(process.env.CATAPULT_LTS, "lib", "errors"));

const base = () => process.env.KARMAYOGI_BASE.replace(/\/$/, "");
const tokens = {};

function request (method, url, headers, body) {
    return new Promise((resolve, reject) => {
        const target = new URL(url),
            client = target.protocol === "https:" ? https : http,
            sent = client.request(target, {method, headers}, (response) => {
                const chunks = [];
                response.on("data", (chunk) => chunks.push(chunk));
                response.on("end", () => resolve({status: response.statusCode, text: Buffer.concat(chunks).toString()}));
            });
        sent.on("error", reject);
        if (body !== undefined) {
            sent.write(body);
        }
        sent.end();
    });
}

async function call (method, route, {who, body, contentType} = {}) {
    const headers = {};
    if (who) {
        headers.Authorization = `Bearer ${tokens[who]}`;
    }
    if (contentType) {
        headers["Content-Type"] = contentType;
    }
    else if (body !== undefined && ! Buffer.isBuffer(body)) {
        headers["Content-Type"] = "application/json";
        body = JSON.stringify(body);
    }
    const {status, text} = await request(method, `${base()}${route}`, headers, body);
    let payload;
    try {
        payload = text ? JSON.parse(text) : {};
    }
    catch (ex) {
        payload = {detail: text};
    }
    return {status, payload};
}

async function signIn (who, email) {
    const form = new URLSearchParams({username: email, password: process.env.KARMAYOGI_PASSWORD}).toString(),
        {status, text} = await request(
            "POST",
            `${base()}/api/v1/auth/token`,
            {"Content-Type": "application/x-www-form-urlencoded"},
            form
        );
    if (status !== 200) {
        throw new Error(`sign-in of ${email} failed: ${status} ${text}`);
    }
    tokens[who] = JSON.parse(text).access_token;
}

function must (result, expected, what) {
    if (result.status !== expected) {
        throw new Error(`${what}: ${result.status} ${JSON.stringify(result.payload)}`);
    }
    return result.payload;
}

async function readAll (stream) {
    const chunks = [];
    for await (const chunk of stream) {
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}

module.exports = {
    setup: async () => {
        await signIn("creator", process.env.KARMAYOGI_CREATOR);
        await signIn("reviewer", process.env.KARMAYOGI_REVIEWER);
        await signIn("learner", process.env.KARMAYOGI_LEARNER);
        await signIn("admin", process.env.KARMAYOGI_ADMIN);
    },

    teardown: async () => {},

    getLrsEndpoint: () => `${base()}/xapi`,

    getLrsAuthHeader: () => `Basic ${Buffer.from(`${process.env.LRS_KEY}:${process.env.LRS_SECRET}`).toString("base64")}`,

    importCourse: async (stream, contentType) => {
        const body = await readAll(stream),
            imported = await call(
                "POST",
                `/api/v1/cmi5/packages?provider_id=${process.env.KARMAYOGI_PROVIDER_ID}`,
                {who: "creator", body, contentType}
            );
        if (imported.status === 422) {
            throw new InvalidPackageError(`Invalid package: ${imported.payload.detail}`);
        }
        const courseId = must(imported, 201, "import").course_id;
        must(await call("POST", `/api/v1/courses/${courseId}/transitions`, {who: "creator", body: {action: "submit"}}), 201, "submit");
        must(await call("POST", `/api/v1/courses/${courseId}/transitions`, {who: "reviewer", body: {action: "approve"}}), 201, "approve");
        must(await call("POST", `/api/v1/courses/${courseId}/enrolments`, {who: "learner"}), 201, "enrol");
        return courseId;
    },

    getLaunchUrl: async (courseId, auIndex, actor, {registration, launchMode} = {}) => {
        const body = {au_index: auIndex, launch_mode: launchMode || "Normal"};
        if (registration) {
            body.registration = registration;
        }
        return must(
            await call("POST", `/api/v1/cmi5/courses/${courseId}/launch`, {who: "learner", body}),
            200,
            "launch"
        ).url;
    },

    cleanup: async () => {},

    hasWaive: () => true,
    waiveAU: async (registration, auIndex, reason) => {
        must(
            await call("POST", `/api/v1/cmi5/registrations/${registration}/waive`, {who: "admin", body: {au_index: auIndex, reason}}),
            204,
            "waive"
        );
    },

    hasAbandon: () => true,
    abandonSession: async (sessionId) => {
        must(await call("POST", `/api/v1/cmi5/sessions/${sessionId}/abandon`, {who: "admin"}), 204, "abandon");
    }
};
