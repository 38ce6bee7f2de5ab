// Compares `secure-http`'s lints with Google's CSP Evaluator on every policy that the README and
// the UI pass tests assert, and prints a Markdown report of agreements and differences.
// Run from the repository root: node tools/csp-evaluator-crosscheck/crosscheck.js
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { CspEvaluator } = require('csp_evaluator/dist/evaluator.js');
const { CspParser } = require('csp_evaluator/dist/parser.js');

const root = process.cwd();
const sources = [path.join(root, 'README.md')];
for (const dir of ['tests/ui/csp/pass']) {
  for (const file of fs.readdirSync(path.join(root, dir)).sort()) {
    if (file.endsWith('.rs')) sources.push(path.join(root, dir, file));
  }
}
const policies = new Set();
const asserted = /as_str\(\),\s*"((?:[^"\\]|\\.)*)"/g;
for (const file of sources) {
  for (const match of fs.readFileSync(file, 'utf8').matchAll(asserted)) {
    const text = JSON.parse('"' + match[1] + '"');
    // Structured-field headers (Permissions-Policy, Integrity-Policy) start `name=`: not CSPs.
    if (/^[a-z-]+=/.test(text)) continue;
    policies.add(text);
  }
}
for (const preset of [
  "connect-src 'self'; default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'",
  "default-src 'self'",
  "script-src 'self' www.google-analytics.com ajax.googleapis.com",
]) policies.add(preset);

// Exit status 1 means some text was refused by the strict parser (README examples of
// `csp::analyze` read other sites' headers): those are linted as a browser enforces them.
const run = spawnSync('cargo', ['run', '-q', '--example', 'lint', '--', '--json'], {
  input: [...policies].join('\n'), encoding: 'utf8', stdio: ['pipe', 'pipe', 'inherit'],
});
if (run.status !== 0 && run.status !== 1) throw new Error(`the lint example failed: ${run.status}`);
const ours = run.stdout.trim().split('\n').map((line) => JSON.parse(line));

// The evaluator's findings, named by our lints. Findings we do not lint are kept by type.
function evaluatorLints(policy) {
  const text = policy.replace(/'nonce'/g, "'nonce-R4nd0mN0nc3V4lu3xyz'");
  const findings = new CspEvaluator(new CspParser(text).csp).evaluate();
  return findings.map((f) => {
    const high = f.severity === 10;
    switch (f.type) {
      case 300: return 'missing_' + f.directive.replace('-', '_');
      case 301: return 'unsafe_inline';
      case 302: return 'unsafe_eval';
      case 303: case 304: return 'permissive_source';
      case 305:
        if (f.value === "'self'") return 'self_in_script_src';
        return high ? 'bypass_host' : '(allow-listed host, no known bypass)';
      case 308: return 'ip_source';
      case 310:
        if (f.directive === 'report-uri') return 'http_report_uri';
        return f.directive.startsWith('script-src') || f.directive === 'default-src' ? 'http_script_source' : 'http_source';
      case 317: return 'unsafe_hashes';
      default: return `(${f.type}: ${f.description.split('.')[0]})`;
    }
  });
}

// Differences that are understood; each entry: what, and why.
const explained = [
  [(o, e) => !o && e === '(allow-listed host, no known bypass)',
    'the evaluator asks to check every allow-listed script host; `secure-http` reports only hosts known to serve JSONP or AngularJS'],
  [(o, e) => o === 'missing_object_src' && !e,
    '`secure-http` wants `object-src \'none\'` (or `default-src \'none\'`); the evaluator accepts any `default-src` as restricting plugins'],
  [(o, e) => !o && e && e.includes('report-uri is deprecated'),
    'the evaluator marks `report-uri` as deprecated; browsers without `report-to` still need it, so it is no lint'],
  [(o, e) => o === 'http_script_source' && !e,
    'an `http://` source reached through `default-src`: the evaluator reports it as plain `http_source`'],
  [(o, e) => o === 'permissive_source' && !e,
    'a wildcard in `object-src`/`base-uri` reached through `default-src`, which the evaluator does not follow'],
  [(o, e) => !o && e && /^\(102: '(report-sha\d+|trusted-types-eval|unsafe-webtransport-hashes|inline-speculation-rules)'/.test(e),
    'a CSP3 keyword newer than the evaluator\'s keyword list'],
  [(o, e) => !o && e && e.startsWith('(101: Directive "fenced-frame-src"'),
    '`fenced-frame-src` (Chromium) is newer than the evaluator\'s directive list'],
  [(o, e) => !o && e && e.startsWith('(405:'),
    'the evaluator notes sources that CSP3 ignores (`\'unsafe-inline\'` beside a nonce, allow-lists beside `\'strict-dynamic\'`); `secure-http` does not lint what browsers ignore'],
  [(o, e) => o === 'missing_base_uri' && !e,
    'a nonce in `script-src-elem` only: the evaluator looks for nonces in `script-src`; an injected `<base>` redirects `<script src>` either way'],
  [(o, e, policy) => (o === 'ignored_keyword' || e === 'unsafe_eval') &&
      /(^|;\s*)script-src-(elem|attr)\s[^;]*'unsafe-eval'/i.test(policy) &&
      !/(^|;\s*)(script-src|default-src)\s[^;]*'unsafe-eval'/i.test(policy),
    '`\'unsafe-eval\'` in `script-src-elem`/`-attr` only: browsers accept it there but give it no meaning (`eval()` follows `script-src`), so `secure-http` reports `ignored_keyword` where the evaluator reports `unsafe_eval`'],
  [(o, e, policy, analyzed) => analyzed && !o && e && /^\((102: Did you forget to surround|307: Nonces should)/.test(e),
    'a header the parser refuses, read by `csp::analyze`: the unquoted keyword and the literal nonce are findings of the analysis (`ReadAsHost`, `LiteralNonce`), not lints'],
];

const rows = [];
let agreed = 0;
for (const { policy, findings, error } of ours) {
  const mine = [...new Set(findings.map((f) => f.lint))].sort();
  const theirs = [...new Set(evaluatorLints(policy))].sort();
  const onlyOurs = mine.filter((l) => !theirs.includes(l));
  const onlyTheirs = theirs.filter((l) => !mine.includes(l));
  const notes = [];
  let unexplained = false;
  for (const o of onlyOurs) {
    const why = explained.find(([test]) => test(o, undefined, policy, Boolean(error)));
    if (why) notes.push(why[1]); else { unexplained = true; notes.push(`only ours: ${o}`); }
  }
  for (const e of onlyTheirs) {
    const why = explained.find(([test]) => test(undefined, e, policy, Boolean(error)));
    if (why) notes.push(why[1]); else { unexplained = true; notes.push(`only the evaluator: ${e}`); }
  }
  if (onlyOurs.length === 0 && onlyTheirs.length === 0) agreed += 1;
  if (error) notes.unshift('read as browsers do (`csp::analyze`): the parser refuses it');
  rows.push({ policy, mine, theirs, notes: [...new Set(notes)], unexplained });
}

console.log(`${ours.length} policies; identical findings on ${agreed}; ` +
  `differences explained on ${rows.filter((r) => !r.unexplained && r.notes.length).length}; ` +
  `unexplained on ${rows.filter((r) => r.unexplained).length}.\n`);
console.log('| policy | secure-http | CSP Evaluator | note |');
console.log('|---|---|---|---|');
for (const r of rows) {
  const cell = (l) => l.length ? l.map((x) => '`' + x + '`').join(' ') : '-';
  console.log(`| \`${r.policy.replace(/\|/g, '\\|')}\` | ${cell(r.mine)} | ${cell(r.theirs)} | ${r.unexplained ? '**' : ''}${r.notes.join('; ') || 'same'}${r.unexplained ? '**' : ''} |`);
}
process.exit(rows.some((r) => r.unexplained) ? 1 : 0);
