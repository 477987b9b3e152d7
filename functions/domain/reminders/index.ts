import Mustache from 'mustache';
import { daysBetween, daysOverdue as daysOverdueOn, type IsoDate } from '../calendar';
import { formatIban } from '../matching';
import { addDecimals, isPositive, type Decimal } from '../money';
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

/** The late-payment claims an e-mail states: exactly the figures booked in the ledger, apart from the principal. */
export interface ClaimsStatement {
  readonly law: string;
  /** The rate of the latest period: the reference rate plus the margin. */
  readonly referenceRatePercent: Decimal;
  readonly marginPercent: Decimal;
  /** Booked: the interest accrued to the e-mail's day, and the fixed compensation (null when the law gives none). */
  readonly interest: Decimal;
  readonly compensation: Decimal | null;
  /** Received against the claims, and what is open of them. */
  readonly paid: Decimal;
  readonly open: Decimal;
}

/** For a plan reminder: the instalment it reminds of. */
export interface InstalmentReminder {
  readonly planDate: IsoDate;
  /** From 1. */
  readonly instalment: number;
  readonly instalments: number;
  readonly date: IsoDate;
  readonly amount: Decimal;
  readonly paidSincePlan: Decimal;
}

export interface ReminderInput {
  /** The step's id chooses its text; `plan-reminder` is the text of a plan's reminders. */
  readonly step: { readonly id: string; readonly kind: 'email' };
  /** For a step that claims (`claims: true`), the claims as booked; null otherwise, or when no law gives any. */
  readonly claims: ClaimsStatement | null;
  readonly instalment?: InstalmentReminder;
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

// Building an Intl formatter costs far more than using one: each is built once per language (and currency).
const amountFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const localeOf = (language: 'en' | 'de'): string => (language === 'de' ? 'de-DE' : 'en-GB');

/** An amount as the customer reads it: '€1,200.00' in English, '1.200,00 €' in German; the decimal string is formatted, never computed on as a float. */
const formatAmount = (amount: Decimal, currency: string, language: 'en' | 'de'): string => {
  const key = `${language} ${currency}`;
  let format = amountFormats.get(key);
  if (!format) amountFormats.set(key, (format = new Intl.NumberFormat(localeOf(language), { style: 'currency', currency })));
  return format.format(amount as unknown as number);
};

const formatDate = (date: IsoDate, language: 'en' | 'de'): string => {
  let format = dateFormats.get(language);
  if (!format) dateFormats.set(language, (format = new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'long', timeZone: 'UTC' })));
  return format.format(new Date(`${date}T00:00:00Z`));
};

/** Text made safe inside HTML, the way the templates escape their values. */
export const escapeHtml = (text: string): string => Mustache.escape(text);

/** The reminder e-mail of a step, in the buyer's language (English and German; English otherwise). */
export function reminderFor(input: ReminderInput): EmailMessage {
  const language = languageOf(input.invoice.language);
  const texts = TEXTS[language];
  const { invoice, claims, instalment } = input;
  const textKey = instalment ? 'plan-reminder' : input.step.id;
  const step = texts.steps[textKey] ?? texts.generic;
  const money = (amount: Decimal): string => formatAmount(amount, invoice.currency, language);
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
    amountToPay: money(claims ? addDecimals(invoice.openAmount, claims.open) : invoice.openAmount),
    ...(claims
      ? {
          law: claims.law,
          interestRate: addDecimals(claims.referenceRatePercent, claims.marginPercent),
          referenceRate: claims.referenceRatePercent,
          margin: claims.marginPercent,
          interest: money(claims.interest),
          compensation: claims.compensation ? money(claims.compensation) : '',
          claimsPaid: isPositive(claims.paid) ? money(claims.paid) : '',
          claimsOpen: money(claims.open),
          claimsOn: formatDate(input.today, language),
          accruing: isPositive(invoice.openAmount),
        }
      : {}),
    ...(instalment
      ? {
          planDate: formatDate(instalment.planDate, language),
          instalment: instalment.instalment,
          instalments: instalment.instalments,
          instalmentDate: formatDate(instalment.date, language),
          instalmentAmount: money(instalment.amount),
          paidSincePlan: money(instalment.paidSincePlan),
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
    ...(claims ? [texts.interest] : []),
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
    template: `${language}/${texts.steps[textKey] ? textKey : 'generic'}`,
  };
}
