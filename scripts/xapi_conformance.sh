#!/usr/bin/env bash
# Run ADL's xAPI LRS conformance suite (github.com/adlnet/lrs-conformance-test-suite) against an LRS.
#
# The suite must already be installed (git clone + `npm install` in it); this script installs nothing.
#   XAPI_CONFORMANCE_SUITE=/path/to/suite scripts/xapi_conformance.sh \
#       [-e ENDPOINT] [-u KEY] [-p SECRET] [-x 1.0.3|2.0.0] [-t SECONDS] [-- SUITE_ARGS...]
# -e/-u/-p default to $XAPI_ENDPOINT / $XAPI_KEY / $XAPI_SECRET; -x defaults to 1.0.3; -t (the whole
# run's wall-clock limit) to $XAPI_CONFORMANCE_TIMEOUT or 1800. SUITE_ARGS go to the suite's runner,
# e.g. `-- -g XAPI-00153` runs only tests whose titles match that pattern (-z: log failures only).
#
# The runner's exit code is its failure count modulo 256, so it is not trusted: this script reads the
# runner's final summary line, {"total":N,"passed":N,"failed":N,"version":"V"}, prints it as the last
# line, and exits 0 only when failed is 0 and every listed test passed. 1: failures or an incomplete
# run (a root hook failing, the runner crashing, or the time limit); 2: bad usage or setup.
# The suite also writes a JSON log of every test (status, error) to $XAPI_CONFORMANCE_SUITE/logs/;
# its path is printed in the output ("Full run log written to ...").
set -uo pipefail

die() { echo "xapi_conformance: $*" >&2; exit 2; }

suite=${XAPI_CONFORMANCE_SUITE:-}
[[ -n $suite ]] || die "XAPI_CONFORMANCE_SUITE is not set (point it at an installed lrs-conformance-test-suite)"
[[ -d $suite ]] || die "XAPI_CONFORMANCE_SUITE=$suite is not a directory"
[[ -f $suite/bin/console_runner.js && -d $suite/node_modules ]] ||
    die "$suite is not an installed suite (needs bin/console_runner.js and node_modules: run npm install there)"
command -v node >/dev/null || die "node is not on PATH"
command -v timeout >/dev/null || die "timeout (coreutils) is not on PATH"

endpoint=${XAPI_ENDPOINT:-} key=${XAPI_KEY:-} secret=${XAPI_SECRET:-} version=1.0.3
limit=${XAPI_CONFORMANCE_TIMEOUT:-1800}
while getopts "e:u:p:x:t:" opt; do
    case $opt in
        e) endpoint=$OPTARG ;; u) key=$OPTARG ;; p) secret=$OPTARG ;;
        x) version=$OPTARG ;; t) limit=$OPTARG ;; *) die "usage: see the comment at the top of $0" ;;
    esac
done
shift $((OPTIND - 1))
[[ -n $endpoint && -n $key && -n $secret ]] || die "need an endpoint, key and secret (-e/-u/-p or XAPI_ENDPOINT/XAPI_KEY/XAPI_SECRET)"

# The runner prints the summary JSON every 2 s as progress and once more at the end, followed by
# "Tests completed in S seconds". Keep everything in a log, show the rest live.
log=$(mktemp "${TMPDIR:-/tmp}/xapi-conformance-$version.XXXXXX")
echo "xapi_conformance: xAPI $version against $endpoint (limit ${limit}s, output in $log)"
# timeout signals the whole process group, so the runner's forked mocha child is stopped too.
timeout --kill-after=15 "$limit" node "$suite/bin/console_runner.js" \
    -e "$endpoint" -a -u "$key" -p "$secret" -x "$version" "$@" 2>&1 |
    tee "$log" | grep --line-buffered -v '^{"total"'
status=${PIPESTATUS[0]}

summary=$(grep '^{"total"' "$log" | tail -n 1)
[[ -n $summary ]] || summary='{"total":null,"passed":null,"failed":null}'
if [[ $status == 124 || $status == 137 ]]; then
    echo "xapi_conformance: timed out after ${limit}s; the last progress line follows" >&2
    verdict=1
elif ! grep -q '^Tests completed in' "$log"; then
    echo "xapi_conformance: the suite ended without its final summary (exit $status)" >&2
    verdict=1
else
    node -e 'const s = JSON.parse(process.argv[1]);
             process.exit(s.total > 0 && s.failed === 0 && s.passed === s.total ? 0 : 1)' "$summary"
    verdict=$?
fi
echo "$summary"
exit "$verdict"
