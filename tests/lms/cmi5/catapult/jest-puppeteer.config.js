// Debian's Chromium, run as the test user may be root: no sandbox of its own (the suite's pages are local).
module.exports = {
    launch: {
        headless: true,
        executablePath: process.env.PUPPETEER_EXECUTABLE_PATH || "/usr/bin/chromium",
        args: ["--no-sandbox", "--disable-dev-shm-usage"]
    }
};
