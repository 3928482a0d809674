// Where the page loads an image of the library from: pird://app/media/<sha256> in Electron (the
// page's own origin), /media/<sha256>?token=… from the browser host (an <img> cannot send the
// token header, so it travels in the query as for the event stream).
import { HTTP_MEDIA_PREFIX, HTTP_MEDIA_TOKEN_PARAM } from '../../../../electron/core/contract';
import { takeTokenFromLocation } from '../../api/client.ts';

export function mediaUrl(sha256: string): string {
  const path = `${HTTP_MEDIA_PREFIX}${sha256}`;
  if (window.pird) return path;
  const query = new URLSearchParams({ [HTTP_MEDIA_TOKEN_PARAM]: takeTokenFromLocation() ?? '' });
  return `${path}?${query.toString()}`;
}

/** The file's bytes as base64, for images.add (FileReader keeps large files off the main thread). */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.readAsDataURL(file);
  });
}
