import { MAX_EXPORT_PIECE_BASE64 } from './files-contract';

export interface ExportFilePiece {
  readonly contentBase64: string;
  readonly last: boolean;
}

/**
 * Cuts one file's base64 into the pieces `files.writeExportFile` takes: each
 * at most `pieceLength` characters, every one but the last whole quads so it
 * decodes on its own. An empty file is one empty last piece.
 */
export function* exportFilePieces(contentBase64: string, pieceLength: number = MAX_EXPORT_PIECE_BASE64): Generator<ExportFilePiece> {
  if (pieceLength < 4 || pieceLength % 4 !== 0 || pieceLength > MAX_EXPORT_PIECE_BASE64) {
    throw new RangeError('A piece length is a multiple of 4 within the contract’s cap');
  }
  let start = 0;
  do {
    const end = Math.min(start + pieceLength, contentBase64.length);
    yield { contentBase64: contentBase64.slice(start, end), last: end === contentBase64.length };
    start = end;
  } while (start < contentBase64.length);
}
