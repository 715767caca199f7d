/** True when GET `url` answers 2xx within `timeoutMs` (and, if given, its body contains `expect`). */
export async function httpOk(url: string, timeoutMs = 2000, expect?: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    const body = await response.text();
    return response.ok && (expect === undefined || body.includes(expect));
  } catch {
    return false;
  }
}
