import Mustache from 'mustache';
import { daysBetween, daysOverdue as daysOverdueOn, type IsoDate } from '../calendar';
import { formatIban } from '../matching';
import { addDecimals, type Decimal } from '../money';
import type { LateClaim } from '../receivables';
import { TEXTS } from './templates';

/** An e-mail ready to send: text and HTML bodies of the same content. */
export interface EmailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The language it is written in (BCP 47 primary tag). */
  readonly language: string;
  /** Which template made it: `<language>/<step>`. */
  readonly template: string;
}


/** What the customer needs to pay: the seller's account and the reference that gets the payment matched. */
export interface PaymentDetails {
  /** BT-84, the seller's account; null when the invoice gives none (the e-mail then points to the invoice). */
  readonly iban: string | null;
  /** BT-86 */
  readonly bic: string | null;
  /** The reference to quote: the matching domain's `referenceToQuote`, as printed. */
  readonly reference: string;
}

export interface ReminderInput {
  readonly step: { readonly id: string; readonly kind: 'email' };
  /** For a step that claims interest (`claims: true`), what it claims; null otherwise, or when no law gives any. */
  readonly claim: LateClaim | null;
  readonly invoice: {
    readonly number: string;
    readonly currency: string;
    readonly openAmount: Decimal;
    readonly dueDate: IsoDate;
    readonly issueDate: IsoDate;
    readonly sellerName: string;
    readonly buyerName: string;
    readonly buyerEmail: string;
    readonly language: string | null;
    readonly payment: PaymentDetails;
  };
  readonly today: IsoDate;
  /** The day the agency handover is scheduled, named in a final notice. */
  readonly agencyHandoverOn: IsoDate | null;
}

const languageOf = (tag: string | null): 'en' | 'de' => (tag?.toLowerCase().split(/[-_]/)[0] === 'de' ? 'de' : 'en');

/** An amount as the customer reads it: '€1,200.00' in English, '1.200,00 €' in German; the decimal string is formatted, never computed on as a float. */
const formatAmount = (amount: Decimal, currency: string, language: 'en' | 'de'): string =>
  new Intl.NumberFormat(language === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency }).format(amount as unknown as number);

const formatDate = (date: IsoDate, language: 'en' | 'de'): string =>
  new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/** Text made safe inside HTML, the way the templates escape their values. */
export const escapeHtml = (text: string): string => Mustache.escape(text);

/** The reminder e-mail of a step, in the buyer's language (English and German; English otherwise). */
export function reminderFor(input: ReminderInput): EmailMessage {
  const language = languageOf(input.invoice.language);
  const texts = TEXTS[language];
  const step = texts.steps[input.step.id] ?? texts.generic;
  const { invoice, claim } = input;
  const daysOverdue = daysOverdueOn(invoice.dueDate, input.today);
  const view = {
    number: invoice.number,
    buyerName: invoice.buyerName,
    sellerName: invoice.sellerName,
    openAmount: formatAmount(invoice.openAmount, invoice.currency, language),
    dueDate: formatDate(invoice.dueDate, language),
    issueDate: formatDate(invoice.issueDate, language),
    daysOverdue,
    daysUntilDue: Math.max(0, daysBetween(input.today, invoice.dueDate)),
    agencyHandoverOn: input.agencyHandoverOn ? formatDate(input.agencyHandoverOn, language) : '—',
    ...(claim
      ? {
          law: claim.law,
          interestRate: addDecimals(claim.referenceRatePercent, claim.marginPercent),
          referenceRate: claim.referenceRatePercent,
          margin: claim.marginPercent,
          interest: formatAmount(claim.interest, invoice.currency, language),
          compensation: claim.compensation ? formatAmount(claim.compensation.amount, claim.compensation.currency, language) : '',
        }
      : {}),
    // Empty when the invoice gives no account: the templates then point to the invoice's payment details.
    iban: invoice.payment.iban ? formatIban(invoice.payment.iban) : '',
    bic: invoice.payment.bic?.toUpperCase() ?? '',
    reference: invoice.payment.reference,
  };
  const paragraphs = [
    texts.greeting,
    ...step.paragraphs,
    texts.howToPay,
    ...(claim ? [texts.interest] : []),
    texts.closing,
  ];
  // Text bodies are not HTML: render them without escaping; the HTML body escapes every value.
  const plain = paragraphs.map((paragraph) => Mustache.render(paragraph, view, {}, { escape: (value: string) => value }));
  const html = paragraphs.map((paragraph) => `<p>${Mustache.render(paragraph, view).replace(/\n/g, '<br>')}</p>`);
  return {
    to: invoice.buyerEmail,
    subject: Mustache.render(step.subject, view, {}, { escape: (value: string) => value }),
    text: `${plain.join('\n\n')}\n`,
    html: `<!doctype html><html lang="${language}"><body>${html.join('\n')}</body></html>`,
    language,
    template: `${language}/${texts.steps[input.step.id] ? input.step.id : 'generic'}`,
  };
}
