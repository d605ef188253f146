// Refuses passwords that appear in lists of the most used ones, or that merely repeat the account's
// own email or name: the first guesses of anyone trying accounts one by one (NIST SP 800-63B 5.1.1.2).
// The list is zxcvbn-ts's (about 49,000 passwords from public breach corpora), read once on first use.
import { dictionary } from '@zxcvbn-ts/language-common';

let common: ReadonlySet<string> | undefined;
const commonPasswords = (): ReadonlySet<string> =>
  (common ??= new Set(dictionary['passwords-common'].map((p) => p.normalize('NFKC').toLowerCase())));

const fold = (text: string): string => text.normalize('NFKC').toLowerCase().trim();

export type PasswordContext = { readonly email: string; readonly name: string };

/** Why `password` is too easy to guess, or undefined when it is fine. */
export function weakPasswordReason(password: string, context: PasswordContext): string | undefined {
  const folded = fold(password);
  if (commonPasswords().has(folded)) {
    return 'this password is one of the most commonly used ones: choose one that is harder to guess';
  }
  const email = fold(context.email);
  const own = [email, email.split('@')[0] ?? '', fold(context.name)].filter((word) => word.length > 0);
  if (own.includes(folded)) return 'the password must not be your email or your name';
  if (new Set(folded).size === 1) return 'the password must not repeat a single character';
  return undefined;
}
