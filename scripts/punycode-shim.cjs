// Bundled in place of Node's built-in `punycode` (scripts/bundle.mjs). Node 22 and later print a DeprecationWarning
// (DEP0040) when the built-in is required, and node-fetch@2's URL parser (whatwg-url@5 -> tr46@0.0.3, under
// @kubernetes/client-node 1.x) requires it on every live read. Those two use only ucs2.decode, toASCII and toUnicode
// of single labels; Node's own WHATWG URL code (url.domainToASCII/domainToUnicode) does the IDNA conversion.
'use strict';
const { domainToASCII, domainToUnicode } = require('node:url');

const ascii = /^[\x00-\x7f]*$/;
// punycode's ucs2.decode: one number per code point, an unpaired surrogate kept as itself.
const decode = (text) => Array.from(text, (char) => char.codePointAt(0));
const encode = (points) => String.fromCodePoint(...points);

module.exports = {
  ucs2: { decode, encode },
  toASCII: (label) => {
    if (ascii.test(label)) return label;
    const converted = domainToASCII(label);
    if (!converted) throw new RangeError(`not a valid domain label: ${label}`);
    return converted;
  },
  toUnicode: (label) => {
    const converted = domainToUnicode(label);
    if (!converted) throw new RangeError(`not a valid punycode label: ${label}`);
    return converted;
  },
};
