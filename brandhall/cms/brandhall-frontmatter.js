/* A story file (`stories/*.md`) as the editor wrote it. Decap's own front-matter format writes
   the front matter anew from the form's values (quotes, comments, key order and one-line lists
   lost) on every save. This format splits the file into its `---` front matter and its body as
   Decap's does (gray-matter), changes only the front-matter lines whose values the editor
   changed (keptYaml, as for branch.yml), and keeps the body byte for byte unless it was edited. */
import { SOURCE, keptYaml, yamlValues } from "./brandhall-yaml.js";

/* The file's opening `---` line, its front matter, its closing `---` line and its body. */
function split(content) {
  const text = content || "";
  const open = /^\ufeff?---[^\n-]*\n/.exec(text); // a BOM stays where it was
  if (!open) return { head: "", matter: "", tail: "", body: text };
  const rest = text.slice(open[0].length);
  const close = /(^|\n)---[ \t]*(\r?\n|$)/.exec(rest);
  if (!close) return { head: open[0], matter: rest, tail: "", body: "" };
  const end = close.index + close[1].length;
  return { head: open[0], matter: rest.slice(0, end), tail: rest.slice(end, close.index + close[0].length),
           body: rest.slice(close.index + close[0].length) };
}

/* A file Decap creates: what its own format writes (no final line break unless the body has one). */
function fresh(values, sortedKeys, body) {
  return "---\n" + keptYaml("", values, sortedKeys).trim() + "\n---\n" + body;
}

/* An edited body keeps the file's final line break. */
function ending(body, was) {
  return body && was.endsWith("\n") && !body.endsWith("\n") ? body + "\n" : body;
}

export const storyFrontMatter = {
  fromFile: function (content) {
    const parts = split(content);
    const data = yamlValues(parts.matter);
    // as Decap's format: an empty body is no body (a new entry's is "")
    if (parts.body.trim()) data.body = parts.body;
    data[SOURCE] = content;
    return data;
  },
  toFile: function (data, sortedKeys) {
    const values = Object.assign({}, data);
    const source = values[SOURCE];
    const body = typeof values.body === "string" ? values.body : "";
    delete values[SOURCE];
    delete values.body;
    if (typeof source !== "string" || !source.trim()) return fresh(values, sortedKeys || [], body);
    if (source.indexOf("\r\n") >= 0) { // a file written on Windows keeps its CRLF line endings
      const lf = Object.assign({}, data, { [SOURCE]: source.replace(/\r\n/g, "\n"), body: body.replace(/\r\n/g, "\n") });
      return storyFrontMatter.toFile(lf, sortedKeys).replace(/\n/g, "\r\n");
    }
    const parts = split(source);
    let matter = keptYaml(parts.matter, values, sortedKeys || []);
    if (!matter.endsWith("\n")) matter += "\n";
    const kept = body === (parts.body.trim() ? parts.body : "") ? parts.body : ending(body, parts.body);
    let tail = parts.tail || "---\n";
    if (kept && !tail.endsWith("\n")) tail += "\n";
    return (parts.head || "---\n") + matter + tail + kept;
  },
};
