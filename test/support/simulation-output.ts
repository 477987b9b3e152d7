/**
 * `creditctl simulate`'s output with every SES message id the same: the SES emulator draws them
 * at random, as SES does, so two runs of one scenario differ there and nowhere else.
 */
export const withoutMessageIds = (ndjson: string): string => ndjson.replaceAll(/"messageId":"ses-\d+"/g, '"messageId":"ses-?"');
