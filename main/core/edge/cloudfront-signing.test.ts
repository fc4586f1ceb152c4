import { describe, expect, it } from 'vitest';
import { signAwsRequest } from './cloudfront-signing.js';

// AWS's published Signature V4 test suite (aws-sig-v4-test-suite: get-vanilla, post-vanilla):
// its example credentials, date, region and service, and the signatures it lists.
const CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const NOW = new Date('2015-08-30T12:36:00Z');
const SCOPE = { region: 'us-east-1', service: 'service' };

describe('signAwsRequest', () => {
  it.each([
    ['GET', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    ['POST', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
  ])('signs %s-vanilla as the AWS test suite does', (method, signature) => {
    const signed = signAwsRequest(
      { method, url: 'https://example.amazonaws.com/', headers: {}, body: '' },
      CREDENTIALS,
      SCOPE,
      NOW,
    );
    expect(signed.headers['X-Amz-Date']).toBe('20150830T123600Z');
    expect(signed.headers.Authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        `SignedHeaders=host;x-amz-date, Signature=${signature}`,
    );
  });

  it('signs the session token and the body: changing either changes the signature', () => {
    const sign = (body: string, sessionToken?: string) =>
      signAwsRequest(
        { method: 'POST', url: 'https://example.amazonaws.com/x', headers: {}, body },
        { ...CREDENTIALS, sessionToken },
        SCOPE,
        NOW,
      ).headers.Authorization!;
    expect(sign('a', 'token')).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token');
    expect(sign('a')).not.toBe(sign('b'));
    expect(sign('a', 'one')).not.toBe(sign('a', 'two'));
  });
});
