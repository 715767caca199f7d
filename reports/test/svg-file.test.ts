// Static SVG figures as standalone files: data strings in attributes and text are escaped as XML, so a figure file
// opened on its own is well-formed and runs nothing.
import { describe, expect, it } from 'vitest';

import { createServerDocument, svgFile } from '@bcml/reports';

const SVG = 'http://www.w3.org/2000/svg';

describe('svgFile', () => {
  it('escapes &, <, > and " in attribute values and text, and replaces characters XML forbids', () => {
    const document = createServerDocument();
    const svg = document.createElementNS(SVG, 'svg');
    const bar = document.createElementNS(SVG, 'g');
    bar.setAttribute('aria-label', `"><script>alert(1)</script> R&D\u0000 \ud800\ttab`);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = '<img src=x onerror=alert(2)> & \u0001 😀';
    bar.append(title);
    svg.append(bar, document.createElementNS(SVG, 'clipPath'));
    const file = svgFile(svg);
    expect(file).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<svg xmlns="http://www.w3.org/2000/svg">' +
        '<g aria-label="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; R&amp;D\ufffd \ufffd&#9;tab">' +
        '<title>&lt;img src=x onerror=alert(2)&gt; &amp; \ufffd 😀</title></g><clipPath/></svg>\n',
    );
    // No markup but the figure's own: every `<` opens one of its elements.
    expect(file.match(/<[^?/]\w*/g)).toEqual(['<svg', '<g', '<title', '<clipPath']);
  });

  it('finds the <svg> inside a figure element', () => {
    const document = createServerDocument();
    const figure = document.createElement('figure');
    figure.append(document.createElementNS(SVG, 'svg'));
    expect(svgFile(figure)).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>\n');
    expect(() => svgFile(document.createElement('figure'))).toThrow('svgFile: the figure has no <svg>');
  });
});
