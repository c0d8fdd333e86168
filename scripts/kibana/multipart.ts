// A multipart/form-data body with one file field: what `_import` takes.
import { randomBytes } from 'node:crypto';

export interface MultipartBody {
  readonly contentType: string;
  readonly data: Buffer;
}

export function multipartFile(field: string, filename: string, content: Buffer | string): MultipartBody {
  const boundary = `----detection-rules-${randomBytes(12).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/x-ndjson\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    data: Buffer.concat([Buffer.from(head, 'utf8'), Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), Buffer.from(tail, 'utf8')]),
  };
}

/** Bytes the multipart envelope adds around the file's content. */
export const MULTIPART_OVERHEAD_BYTES = multipartFile('file', 'rules.ndjson', '').data.length;
