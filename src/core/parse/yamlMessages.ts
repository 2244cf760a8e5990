/**
 * YAML parser messages in the author's terms (docs/editor.md, "Messages"): "Implicit keys
 * need to be on a single line" says nothing to someone writing frontmatter; "a line has no
 * ':' after its key" does. The parser's own words follow in parentheses, for the technical
 * reader and for searching the web.
 */

/** What the `yaml` package's error (its `code` and first message line) means, in plain words. */
export function plainYamlProblem(code: string | undefined, message: string): string | undefined {
  if (/^Flow sequence/.test(message)) return "a list opened with '[' is not closed with ']' on the same line";
  if (/^Flow map/.test(message)) return "a mapping opened with '{' is not closed with '}' on the same line";
  if (/^Missing closing "quote/.test(message)) return 'a value opened with " is not closed with "';
  if (/^Missing closing 'quote/.test(message)) return "a value opened with ' is not closed with '";
  switch (code) {
    case 'MULTILINE_IMPLICIT_KEY':
      return "a line is not 'key: value': the ':' after a key is missing, or a value runs on to a line of its own";
    case 'MISSING_CHAR':
      return "a key is not followed by ': value'";
    case 'BLOCK_AS_IMPLICIT_KEY':
      return "a value holds a ': ' (quote the value), or a list is indented wrongly";
    case 'DUPLICATE_KEY':
      return 'the same key appears twice';
    case 'BAD_SCALAR_START':
      return 'a value starts with a character YAML reserves (such as @ or `): put the value in quotes';
    case 'TAB_AS_INDENT':
      return 'a line is indented with a tab: indent with spaces';
    case 'BAD_INDENT':
      return 'a line is indented wrongly: the keys of one mapping and the items of one list must line up';
    case 'BAD_DQ_ESCAPE':
      return "a double-quoted value holds a backslash that is not a valid escape: use single quotes, or write '\\\\'";
    case 'MULTIPLE_DOCS':
      return "a second '---' line starts another document";
    case 'KEY_OVER_1024_CHARS':
      return 'a key is longer than 1,024 characters';
    case 'NON_STRING_KEY':
      return 'a key is a list or mapping, not text';
    case 'BAD_ALIAS':
    case 'ALIAS_PROPS':
    case 'MULTIPLE_ANCHORS':
    case 'MULTIPLE_TAGS':
    case 'BAD_PROP_ORDER':
    case 'TAG_RESOLVE_FAILED':
      return 'an anchor (&), alias (*) or tag (!) is misused: put the value in quotes if it is text';
    case 'UNEXPECTED_TOKEN':
      return 'something stands where YAML expects a key or a value (a list item next to keys, or text after a value)';
    default:
      return undefined;
  }
}

/** "`what` is not valid YAML: <plain words> (YAML parser: <its message>)"; the parser's words alone when there are no plainer ones. */
export function yamlErrorMessage(what: string, code: string | undefined, message: string): string {
  const plain = plainYamlProblem(code, message);
  return plain === undefined
    ? `${what} is not valid YAML: ${message}`
    : `${what} is not valid YAML: ${plain} (YAML parser: ${message})`;
}
