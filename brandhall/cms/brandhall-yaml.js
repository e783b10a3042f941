/* branch.yml as the editor wrote it. Decap's own YAML format writes the whole file anew from the
   form's values, so comments, key order, quoting and one-line lists were lost on every save. This
   format keeps the file's text and changes only the lines whose values the editor changed:

   1. fromFile parses the file with the `yaml` package (shipped in admin/yaml/) and hands Decap its
      values, plus the file's text under SOURCE (Decap keeps keys no form field shows, so the text
      comes back to toFile with the entry; toFile takes it out again).
   2. toFile applies the changed values to the parsed Document (which keeps comments, quoting and
      flow/block style), then writes the Document before (B) and after (E) the change.
   3. A three-way line merge puts E's lines into the original text (O) only where B and E differ:
      between lines that are the same in O, B and E, O's own lines are kept when B and E agree
      there, E's lines are taken when they do not. So what the `yaml` package writes differently
      from the editor (spacing before a comment, say) stays as the editor wrote it, except on a
      line whose value changed. */
import * as YAML from "./yaml/index.js";

export const SOURCE = "__brandhall_source__";
const PARSE = { version: "1.2", schema: "core" };
const WRITE = { lineWidth: 0, flowCollectionPadding: false, indentSeq: true };

export const branchYaml = {
  fromFile: function (content) {
    const data = yamlValues(content);
    data[SOURCE] = content;
    return data;
  },
  toFile: function (data, sortedKeys) {
    const values = Object.assign({}, data);
    const source = values[SOURCE];
    delete values[SOURCE];
    return keptYaml(source, values, sortedKeys || []);
  },
};

/* `source` (YAML text) holding `values`, changed only where the values differ; a file Decap
   creates (no source) is written anew, its keys in the form's order. */
export function keptYaml(source, values, sortedKeys) {
  if (typeof source !== "string" || !source.trim()) return fresh(values, sortedKeys);
  // A file written on Windows keeps its CRLF line endings (`check` reads both).
  if (source.indexOf("\r\n") >= 0) return keptYaml(source.replace(/\r\n/g, "\n"), values, sortedKeys).replace(/\n/g, "\r\n");
  const before = YAML.parseDocument(source, PARSE);
  const edited = YAML.parseDocument(source, PARSE);
  sync(edited, [], edited.toJS() || {}, values);
  const options = Object.assign({}, WRITE, { indentSeq: indentsSequences(source) });
  return merge(source, write(before, options), write(edited, options));
}

/* The values of YAML text, as Decap's own formats read them (YAML 1.2, so a date stays text). */
export function yamlValues(content) {
  const doc = YAML.parseDocument(content || "", PARSE);
  if (doc.errors.length) throw new Error("YAML parsing error:\n" + doc.errors.map((e) => e.message).join("\n"));
  return doc.toJS() || {};
}

/* The project writes a comment after a value with two spaces before `#` (one space is how a `#`
   in unquoted text looks, which `check` warns about: W118); the `yaml` package writes one. */
const MARK = "\u0001";
function write(doc, options) {
  YAML.visit(doc, { Node: function (_, node) { if (node.comment) node.comment = MARK + node.comment; } });
  return doc.toString(options).replace(new RegExp(" #" + MARK, "g"), "  #").replace(new RegExp(MARK, "g"), "");
}

/* A new file: a story (branch files are not created in the form). */
function fresh(values, sortedKeys) {
  const rank = (key) => (sortedKeys.indexOf(key) < 0 ? sortedKeys.length : sortedKeys.indexOf(key));
  const sorted = {};
  Object.keys(values).sort((a, b) => rank(a) - rank(b)).forEach((key) => { sorted[key] = values[key]; });
  return new YAML.Document(sorted).toString(WRITE);
}

/* `- ` under its key indented (the format's examples) or not, as the file already does. */
function indentsSequences(source) {
  const unindented = /^[^\s#-][^:\n]*:[ \t]*(#.*)?\n-[ \t]/m.test(source);
  return !unindented;
}

function isMap(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/* Make the Document at `path` hold `now` (it holds `was`), touching only what differs. */
function sync(doc, path, was, now) {
  if (same(was, now)) return;
  const node = path.length ? doc.getIn(path, true) : doc.contents;
  if (isMap(was) && isMap(now) && YAML.isMap(node)) {
    Object.keys(was).forEach((key) => { if (!(key in now)) doc.deleteIn(path.concat([key])); });
    Object.keys(now).forEach((key) => {
      if (key in was) sync(doc, path.concat([key]), was[key], now[key]);
      else doc.setIn(path.concat([key]), doc.createNode(now[key]));
    });
  } else if (Array.isArray(was) && Array.isArray(now) && YAML.isSeq(node)) {
    syncList(doc, path, node, was, now);
  } else if (YAML.isScalar(node) && !isMap(now) && !Array.isArray(now) && now !== null && now !== undefined) {
    node.value = now; // keeps the scalar's quoting and comments
  } else if (now === null || now === undefined) {
    doc.deleteIn(path);
  } else {
    doc.setIn(path, doc.createNode(now));
  }
}

/* Items added or removed in one place (a figure added, a story deleted) leave the other items'
   nodes, comments included, where they were; anything else is synced item by item. */
function syncList(doc, path, node, was, now) {
  const kept = subsequence(now, was);
  if (kept && now.length < was.length) {
    for (let i = was.length - 1; i >= 0; i--) if (kept.indexOf(i) < 0) node.items.splice(i, 1);
    return;
  }
  const added = subsequence(was, now);
  if (added && now.length > was.length) {
    now.forEach((item, i) => { if (added.indexOf(i) < 0) node.items.splice(i, 0, doc.createNode(item)); });
    return;
  }
  const common = Math.min(was.length, now.length);
  for (let i = 0; i < common; i++) sync(doc, path.concat([i]), was[i], now[i]);
  if (now.length < was.length) node.items.splice(now.length);
  for (let i = was.length; i < now.length; i++) node.items.push(doc.createNode(now[i]));
}

/* The indexes in `long` at which the items of `short` appear in order, or null. */
function subsequence(short, long) {
  const at = [];
  let j = 0;
  for (let i = 0; i < short.length; i++) {
    while (j < long.length && !same(short[i], long[j])) j++;
    if (j === long.length) return null;
    at.push(j++);
  }
  return at;
}

/* For each line of `a`, the index of the line of `b` it is matched with by a longest common
   subsequence (or -1). Common first and last lines are matched before the table is filled. */
function matchLines(a, b) {
  const match = new Array(a.length).fill(-1);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) { match[start] = start; start++; }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; match[endA] = endB; }
  const n = endA - start;
  const m = endB - start;
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * (m + 1) + j] = a[start + i] === b[start + j] ? table[(i + 1) * (m + 1) + j + 1] + 1
        : Math.max(table[(i + 1) * (m + 1) + j], table[i * (m + 1) + j + 1]);
    }
  }
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[start + i] === b[start + j]) { match[start + i] = start + j; i++; j++; }
    else if (table[(i + 1) * (m + 1) + j] >= table[i * (m + 1) + j + 1]) i++;
    else j++;
  }
  return match;
}

/* A stretch where every line of O differs from B (comments aligned with spaces, say) but has
   one O line per B line: E's lines where B→E changed, O's own where it did not. */
function lineByLine(o, b, e) {
  const inE = matchLines(b, e);
  const out = [];
  let j = 0;
  b.forEach((_, i) => {
    if (inE[i] < 0) return; // a line the editor removed
    while (j < inE[i]) out.push(e[j++]); // lines the editor added or changed
    out.push(o[i]);
    j++;
  });
  while (j < e.length) out.push(e[j++]);
  return out;
}

/* O with B→E applied; see the top of this file. */
export function merge(original, before, edited) {
  if (before === edited) return original;
  const o = original.split("\n");
  const b = before.split("\n");
  const e = edited.split("\n");
  const inO = matchLines(b, o);
  const inE = matchLines(b, e);
  const anchors = [];
  b.forEach((_, i) => { if (inO[i] >= 0 && inE[i] >= 0) anchors.push(i); });
  const out = [];
  let last = { b: -1, o: -1, e: -1 };
  anchors.concat([b.length]).forEach((i) => {
    const next = i < b.length ? { b: i, o: inO[i], e: inE[i] } : { b: b.length, o: o.length, e: e.length };
    const bPart = b.slice(last.b + 1, next.b);
    const ePart = e.slice(last.e + 1, next.e);
    const oPart = o.slice(last.o + 1, next.o);
    const changed = bPart.length !== ePart.length || bPart.some((line, k) => line !== ePart[k]);
    out.push.apply(out, !changed ? oPart : oPart.length === bPart.length ? lineByLine(oPart, bPart, ePart) : ePart);
    if (i < b.length) out.push(o[next.o]);
    last = next;
  });
  return out.join("\n");
}
