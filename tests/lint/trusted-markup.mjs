// trusted-markup.mjs: html_printf's %R writes its argument unescaped, as
// markup the page built itself. This check fails for every %R argument
// that is not a string literal (or a choice between literals) and does not
// carry the comment /* markup */ at its start, where the reason why it can
// only hold markup the page built is written beside the code that builds it:
//     html_printf(b, "<input%R>", /* markup */ attrs);
// A stored XSS once came from a typed reason passed to %R; the comment
// makes each such place a decision a reviewer can see.
//   node tests/lint/trusted-markup.mjs FILE.c ...
import { readFileSync } from 'node:fs';

// The text between the parentheses of each call of name, with its offset.
function* calls(text, name) {
	const re = new RegExp(`\\b${name}\\s*\\(`, 'g');
	let m;
	while ((m = re.exec(text))) {
		let i = m.index + m[0].length, depth = 1, quote = null;
		const start = i;
		for (; i < text.length && depth; i++) {
			const c = text[i];
			if (quote) {
				if (c === '\\') i++;
				else if (c === quote) quote = null;
			} else if (c === '"' || c === '\'') quote = c;
			else if (c === '(') depth++;
			else if (c === ')') depth--;
		}
		yield { at: m.index, body: text.slice(start, i - 1) };
	}
}

// The top-level arguments of a call's text.
function splitArgs(s) {
	const args = [];
	let cur = '', depth = 0, quote = null;
	for (let k = 0; k < s.length; k++) {
		const c = s[k];
		if (quote) {
			cur += c;
			if (c === '\\') cur += s[++k];
			else if (c === quote) quote = null;
		} else if (c === '"' || c === '\'') { quote = c; cur += c; }
		else if ('([{'.includes(c)) { depth++; cur += c; }
		else if (')]}'.includes(c)) { depth--; cur += c; }
		else if (c === ',' && depth === 0) { args.push(cur.trim()); cur = ''; }
		else cur += c;
	}
	args.push(cur.trim());
	return args;
}

const LIT = String.raw`(?:"(?:[^"\\]|\\.)*"\s*)+`;
const literal = new RegExp(`^${LIT}$`, 's');
const choice = new RegExp(`^[^?]+\\?\\s*${LIT}:\\s*${LIT}$`, 's');

function acceptable(arg) {
	if (/^\/\*\s*markup\s*\*\//.test(arg)) return true;
	const bare = arg.replace(/\/\*.*?\*\//gs, '').trim();
	return literal.test(bare) || choice.test(bare);
}

let bad = 0, seen = 0;
for (const file of process.argv.slice(2)) {
	const text = readFileSync(file, 'utf8');
	for (const { at, body } of calls(text, 'html_printf')) {
		const args = splitArgs(body);
		const format = [...(args[1] || '').matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join('');
		const convs = [...format.matchAll(/%(%|s|u|R|d|ld|lld)/g)].map((m) => m[1]).filter((c) => c !== '%');
		convs.forEach((c, n) => {
			if (c !== 'R') return;
			seen++;
			const arg = args[2 + n];
			if (arg === undefined || acceptable(arg)) return;
			const line = text.slice(0, at).split('\n').length;
			console.log(`${file}:${line}: %R gets ${JSON.stringify(arg.slice(0, 80))}: `
				+ 'pass a literal, use %s, or mark it /* markup */ and say why where it is built');
			bad++;
		});
	}
}
console.log(`trusted-markup: ${seen} %R arguments, ${bad} without a reason`);
process.exit(bad ? 1 : 0);
