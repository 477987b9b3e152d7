/** Reminder texts per language and step, as mustache templates: `{{x}}` is HTML-escaped, so a name cannot inject markup. */
export interface StepTexts {
  readonly subject: string;
  /** Paragraphs; each is rendered as text and as HTML. */
  readonly paragraphs: readonly string[];
}

export interface LanguageTexts {
  readonly greeting: string;
  readonly closing: string;
  readonly interest: string;
  /** In every reminder: the amount, the seller's account (or a pointer to the invoice's), the reference to quote. */
  readonly howToPay: string;
  readonly steps: Readonly<Record<string, StepTexts>>;
  /** For a step id the policy invented (policies are data). */
  readonly generic: StepTexts;
}

const en: LanguageTexts = {
  greeting: 'Dear {{buyerName}},',
  closing: 'Kind regards,\n{{sellerName}}',
  interest:
    'As the payment is late, statutory interest accrues under {{law}}: {{interest}} so far, at {{interestRate}}% a year now (the reference rate of {{referenceRate}}% plus {{margin}} points), counted each day on what was open that day.{{#compensation}} The fixed compensation for recovery costs is {{compensation}}.{{/compensation}}',
  howToPay:
    'How to pay\nAmount: {{openAmount}}\n{{#iban}}IBAN: {{iban}}\n{{#bic}}BIC: {{bic}}\n{{/bic}}{{/iban}}{{^iban}}Account: as given on the invoice\n{{/iban}}Reference: {{reference}}\nPlease quote this reference with your payment, so that we can match it to this invoice.',
  steps: {
    'pre-due': {
      subject: 'Invoice {{number}} is due on {{dueDate}}',
      paragraphs: ['A friendly note: invoice {{number}} of {{issueDate}} over {{openAmount}} is due in {{daysUntilDue}} days, on {{dueDate}}.', 'If you have already paid, thank you, and please ignore this message.'],
    },
    'reminder-1': {
      subject: 'Reminder: invoice {{number}} is overdue',
      paragraphs: ['Our records show that invoice {{number}} of {{issueDate}}, due on {{dueDate}}, is {{daysOverdue}} days overdue. {{openAmount}} is still open.', 'Please arrange payment at your earliest convenience. If you have already paid, please ignore this message.'],
    },
    'reminder-2': {
      subject: 'Second reminder: invoice {{number}}, {{openAmount}} overdue',
      paragraphs: ['Invoice {{number}} of {{issueDate}} was due on {{dueDate}} and is now {{daysOverdue}} days overdue. {{openAmount}} is still open.', 'Please pay the open amount within 7 days.'],
    },
    'final-notice': {
      subject: 'Final notice: invoice {{number}}',
      paragraphs: ['Despite our reminders, invoice {{number}} of {{issueDate}}, due on {{dueDate}}, is {{daysOverdue}} days overdue with {{openAmount}} open.', 'Unless we receive payment, we will hand the claim over to a debt collection agency on {{agencyHandoverOn}}.'],
    },
  },
  generic: {
    subject: 'Invoice {{number}}: {{openAmount}} open',
    paragraphs: ['Invoice {{number}} of {{issueDate}}, due on {{dueDate}}, has {{openAmount}} open ({{daysOverdue}} days overdue).', 'Please arrange payment. If you have already paid, please ignore this message.'],
  },
};

const de: LanguageTexts = {
  greeting: 'Sehr geehrte Damen und Herren ({{buyerName}}),',
  closing: 'Mit freundlichen Grüßen\n{{sellerName}}',
  interest:
    'Da die Zahlung verspätet ist, fallen Verzugszinsen an ({{law}}): bisher {{interest}}, derzeit {{interestRate}} % p. a. (Bezugszinssatz {{referenceRate}} % zuzüglich {{margin}} Prozentpunkte), für jeden Tag auf den an diesem Tag offenen Betrag.{{#compensation}} Die Pauschale für Beitreibungskosten beträgt {{compensation}}.{{/compensation}}',
  howToPay:
    'So zahlen Sie\nBetrag: {{openAmount}}\n{{#iban}}IBAN: {{iban}}\n{{#bic}}BIC: {{bic}}\n{{/bic}}{{/iban}}{{^iban}}Bankverbindung: wie auf der Rechnung angegeben\n{{/iban}}Verwendungszweck: {{reference}}\nBitte geben Sie diesen Verwendungszweck bei der Zahlung an, damit wir sie dieser Rechnung zuordnen können.',
  steps: {
    'pre-due': {
      subject: 'Rechnung {{number}} ist am {{dueDate}} fällig',
      paragraphs: ['Ein freundlicher Hinweis: Rechnung {{number}} vom {{issueDate}} über {{openAmount}} ist in {{daysUntilDue}} Tagen, am {{dueDate}}, fällig.', 'Falls Sie bereits gezahlt haben, danken wir Ihnen; diese Nachricht ist dann gegenstandslos.'],
    },
    'reminder-1': {
      subject: 'Zahlungserinnerung: Rechnung {{number}}',
      paragraphs: ['Rechnung {{number}} vom {{issueDate}}, fällig am {{dueDate}}, ist seit {{daysOverdue}} Tagen überfällig. Offen sind noch {{openAmount}}.', 'Bitte veranlassen Sie die Zahlung. Falls Sie bereits gezahlt haben, ist diese Nachricht gegenstandslos.'],
    },
    'reminder-2': {
      subject: '1. Mahnung: Rechnung {{number}}, {{openAmount}} überfällig',
      paragraphs: ['Rechnung {{number}} vom {{issueDate}} war am {{dueDate}} fällig und ist seit {{daysOverdue}} Tagen überfällig. Offen sind noch {{openAmount}}.', 'Bitte zahlen Sie den offenen Betrag innerhalb von 7 Tagen.'],
    },
    'final-notice': {
      subject: 'Letzte Mahnung: Rechnung {{number}}',
      paragraphs: ['Trotz unserer Erinnerungen ist Rechnung {{number}} vom {{issueDate}}, fällig am {{dueDate}}, seit {{daysOverdue}} Tagen überfällig; offen sind {{openAmount}}.', 'Geht keine Zahlung ein, übergeben wir die Forderung am {{agencyHandoverOn}} einem Inkassounternehmen.'],
    },
  },
  generic: {
    subject: 'Rechnung {{number}}: {{openAmount}} offen',
    paragraphs: ['Rechnung {{number}} vom {{issueDate}}, fällig am {{dueDate}}, ist mit {{openAmount}} offen ({{daysOverdue}} Tage überfällig).', 'Bitte veranlassen Sie die Zahlung. Falls Sie bereits gezahlt haben, ist diese Nachricht gegenstandslos.'],
  },
};

export const TEXTS: Readonly<Record<'en' | 'de', LanguageTexts>> = { en, de };
