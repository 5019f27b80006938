import { describe, expect, it } from 'vitest';
import { csvLine, csvStream } from './csv.js';

async function* pages(...chunks: Array<string | Error>): AsyncGenerator<string> {
  for (const chunk of chunks) {
    if (chunk instanceof Error) throw chunk;
    yield chunk;
  }
}

const text = (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

describe('csv', () => {
  it('quotes what must be quoted and defuses spreadsheet formulas', () => {
    expect(csvLine(['plain', 'a,b', 'say "hi"', '=SUM(A1)', '-1', '@x'])).toBe(`plain,"a,b","say ""hi""",'=SUM(A1),'-1,'@x\r\n`);
    expect(csvLine(['\t=1+1', '\r=1+1'])).toBe(`'\t=1+1,"'\r=1+1"\r\n`);
  });

  it('streams the header, then every page', async () => {
    expect(await text(await csvStream('h\r\n', pages('a\r\n', 'b\r\n')))).toBe('h\r\na\r\nb\r\n');
    expect(await text(await csvStream('h\r\n', pages()))).toBe('h\r\n');
  });

  it('fails before the answer starts when the first page cannot be read', async () => {
    await expect(csvStream('h\r\n', pages(new Error('database refused the query')))).rejects.toThrow('database refused the query');
  });
});
