/** A name as a terminal line may show it: control, bidi and zero-width characters as '?'. */
export const printable = (text: string) =>
  // eslint-disable-next-line no-control-regex -- the control characters are what is replaced
  text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '?');
