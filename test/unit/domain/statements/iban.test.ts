import { describe, expect, it } from 'vitest';
import { isValidIban } from '../../../../functions/domain/statements';

describe('isValidIban', () => {
  it.each(['NL77ABNA0574908765', 'DE89370400440532013000', 'FI7433010001222090', 'GB82WEST12345698765432', 'PL29114010810000267002001002'])(
    'accepts %s',
    (iban) => expect(isValidIban(iban)).toBe(true),
  );
  it.each(['NL18INGB00012345678', 'DE89370400440532013001', 'CH1111111111111111111', 'NL77 ABNA 0574 9087 65', 'nl77abna0574908765', ''])(
    'refuses %j',
    (iban) => expect(isValidIban(iban)).toBe(false),
  );
});
