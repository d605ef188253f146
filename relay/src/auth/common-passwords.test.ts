import { describe, expect, it } from 'vitest';
import { weakPasswordReason } from './common-passwords.js';

const who = { email: 'Alice.Smith@example.com', name: 'Alice Smith' };

describe('weakPasswordReason', () => {
  it.each(['password', 'Password', '12345678', 'qwertyuiop', 'iloveyou', 'PASSWORD1'])('refuses %s', (pw) => {
    expect(weakPasswordReason(pw, who)).toMatch(/commonly used/);
  });

  it('refuses the account’s own email, its local part and its name, in any case', () => {
    expect(weakPasswordReason('alice.smith@EXAMPLE.com', who)).toMatch(/email or your name/);
    expect(weakPasswordReason('ALICE.SMITH', who)).toMatch(/email or your name/);
    expect(weakPasswordReason('alice smith', who)).toMatch(/email or your name/);
  });

  it('refuses one character repeated', () => {
    expect(weakPasswordReason('zzzzzzzzzzzzzz', who)).toMatch(/single character/);
  });

  it('accepts a passphrase nobody lists', () => {
    expect(weakPasswordReason('correct horse battery staple 42', who)).toBeUndefined();
    expect(weakPasswordReason('gV7!k2pQ-x9', who)).toBeUndefined();
  });
});
