// Usage: node grade.mjs HEADERS_FILE PAGE_FILE (see run.sh). Runs the MDN HTTP Observatory's analyzer tests and grading on headers captured from the
// demo (served under a public host name), as if they came over HTTPS after an HTTP→HTTPS
// redirect. Only the headers are real; the transport is assumed.
import fs from 'fs';
import { ALL_TESTS } from '@mdn/mdn-http-observatory/src/constants.js';
import { Requests } from '@mdn/mdn-http-observatory/src/types.js';
import { getGradeForScore } from '@mdn/mdn-http-observatory/src/grader/grader.js';
import { MINIMUM_SCORE_FOR_EXTRA_CREDIT, SCORE_TABLE } from '@mdn/mdn-http-observatory/src/grader/charts.js';

const raw = fs.readFileSync(process.argv[2], 'utf8').split(/\r?\n/).slice(1).filter(Boolean);
const headers = {};
for (const line of raw) {
  const i = line.indexOf(':');
  const name = line.slice(0, i).toLowerCase();
  const value = line.slice(i + 1).trim();
  if (name === 'set-cookie') (headers[name] ??= []).push(value); else headers[name] = value;
}
const html = fs.readFileSync(process.argv[3], 'utf8');
const host = 'app.example.com';
const ok = { status: 200, statusText: 'OK', headers, verified: true, data: html, url: new URL(`https://${host}/`), httpEquiv: new Map() };
const r = new Requests(host);
r.responses.auto = ok;
r.responses.https = ok;
r.responses.http = { status: 308, headers: { location: `https://${host}/` }, verified: true, url: new URL(`http://${host}/`), httpEquiv: new Map() };
r.responses.httpRedirects = [{ url: new URL(`http://${host}/`), status: 308 }, { url: new URL(`https://${host}/`), status: 200 }];
r.responses.httpsRedirects = [{ url: new URL(`https://${host}/`), status: 200 }];
r.resources.path = html;
r.session = { url: new URL(`https://${host}/`), jar: { getCookiesSync: () => [], serializeSync: () => ({ cookies: [{ key: '__Host-csrf', value: 'v', secure: true, httpOnly: true, sameSite: 'strict', path: '/', domain: host, hostOnly: true }] }) } };
let withCredit = 100, uncurved = 100;
for (const test of ALL_TESTS) {
  const out = test(r);
  const modifier = SCORE_TABLE.get(out.result)?.modifier ?? 0;
  withCredit += modifier; if (modifier < 0) uncurved += modifier;
  console.log(`${out.constructor.name.padEnd(28)} ${String(out.pass).padEnd(5)} ${String(modifier).padStart(4)}  ${out.result}`);
}
const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withCredit : uncurved;
console.log(`score ${score}, grade ${getGradeForScore(score).grade}`);
