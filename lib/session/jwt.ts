import type { TokenTimes } from '../sources/types';

/** exp and iat (ms) of a JWT, read without verifying or keeping it; null when it is not one. */
export function jwtTimes(jwt: string): TokenTimes | null {
  try {
    const part = jwt.split('.')[1];
    if (!part) return null;
    const payload = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')));
    if (typeof payload.exp !== 'number') return null;
    return { exp: payload.exp * 1000, iat: typeof payload.iat === 'number' ? payload.iat * 1000 : null };
  } catch {
    return null;
  }
}
