/** Reminder texts per language and step, as mustache templates: `{{x}}` is HTML-escaped, so a name cannot inject markup. */
export interface StepTexts {
  readonly subject: string;
  /** Paragraphs; each is rendered as text and as HTML. */
  readonly paragraphs: readonly string[];
}

export interface LanguageTexts {
  readonly greeting: string;
  readonly closing: string;
  /** For a step that claims: the claims as booked in the ledger, apart from the principal. */
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
    'As the payment is late, we claim under {{law}}: interest of {{interest}} to {{claimsOn}}, at {{interestRate}}% a year (the reference rate of {{referenceRate}}% plus {{margin}} points), counted each day on the principal open that day{{#compensation}}, and the fixed compensation for recovery costs of {{compensation}}{{/compensation}}. {{#claimsPaid}}Of these claims, {{claimsPaid}} has been received. {{/claimsPaid}}Open: principal {{openAmount}}, claims {{claimsOpen}}.{{#accruing}} Interest goes on accruing until the principal is paid.{{/accruing}}',
  howToPay:
    'How to pay\nAmount: {{amountToPay}}\n{{#iban}}IBAN: {{iban}}\n{{#bic}}BIC: {{bic}}\n{{/bic}}{{/iban}}{{^iban}}Account: as given on the invoice\n{{/iban}}Reference: {{reference}}\nPlease quote this reference with your payment, so that we can match it to this invoice.',
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
    'claims-statement': {
      subject: 'Invoice {{number}}: statement of late-payment claims, {{claimsOpen}} open',
      paragraphs: ['Thank you for settling the principal of invoice {{number}} of {{issueDate}}, which was due on {{dueDate}}. As it was paid late, the claims below arose and are still open.'],
    },
    'plan-reminder': {
      subject: 'Invoice {{number}}: instalment {{instalment}} of your payment plan is due on {{instalmentDate}}',
      paragraphs: [
        'As agreed in the payment plan of {{planDate}} for invoice {{number}}, instalment {{instalment}} of {{instalments}}, {{instalmentAmount}}, is due on {{instalmentDate}}. {{paidSincePlan}} has been received since the plan was made.',
        'If you have already paid, thank you, and please ignore this message.',
      ],
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
    'Da die Zahlung verspätet ist, machen wir nach {{law}} geltend: Verzugszinsen von {{interest}} bis zum {{claimsOn}}, {{interestRate}} % p. a. (Bezugszinssatz {{referenceRate}} % zuzüglich {{margin}} Prozentpunkte), für jeden Tag auf die an diesem Tag offene Hauptforderung{{#compensation}}, und die Pauschale für Beitreibungskosten von {{compensation}}{{/compensation}}. {{#claimsPaid}}Darauf sind {{claimsPaid}} eingegangen. {{/claimsPaid}}Offen: Hauptforderung {{openAmount}}, Nebenforderungen {{claimsOpen}}.{{#accruing}} Bis zur Zahlung der Hauptforderung fallen weiter Zinsen an.{{/accruing}}',
  howToPay:
    'So zahlen Sie\nBetrag: {{amountToPay}}\n{{#iban}}IBAN: {{iban}}\n{{#bic}}BIC: {{bic}}\n{{/bic}}{{/iban}}{{^iban}}Bankverbindung: wie auf der Rechnung angegeben\n{{/iban}}Verwendungszweck: {{reference}}\nBitte geben Sie diesen Verwendungszweck bei der Zahlung an, damit wir sie dieser Rechnung zuordnen können.',
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
    'claims-statement': {
      subject: 'Rechnung {{number}}: Aufstellung der Verzugsforderungen, {{claimsOpen}} offen',
      paragraphs: ['Vielen Dank für den Ausgleich der Hauptforderung aus Rechnung {{number}} vom {{issueDate}}, fällig am {{dueDate}}. Da die Zahlung verspätet war, sind die folgenden Forderungen entstanden und noch offen.'],
    },
    'plan-reminder': {
      subject: 'Rechnung {{number}}: Rate {{instalment}} Ihres Zahlungsplans ist am {{instalmentDate}} fällig',
      paragraphs: [
        'Wie im Zahlungsplan vom {{planDate}} zu Rechnung {{number}} vereinbart, ist Rate {{instalment}} von {{instalments}} über {{instalmentAmount}} am {{instalmentDate}} fällig. Seit Abschluss des Plans sind {{paidSincePlan}} eingegangen.',
        'Falls Sie bereits gezahlt haben, danken wir Ihnen; diese Nachricht ist dann gegenstandslos.',
      ],
    },
  },
  generic: {
    subject: 'Rechnung {{number}}: {{openAmount}} offen',
    paragraphs: ['Rechnung {{number}} vom {{issueDate}}, fällig am {{dueDate}}, ist mit {{openAmount}} offen ({{daysOverdue}} Tage überfällig).', 'Bitte veranlassen Sie die Zahlung. Falls Sie bereits gezahlt haben, ist diese Nachricht gegenstandslos.'],
  },
};

export const TEXTS: Readonly<Record<'en' | 'de', LanguageTexts>> = { en, de };
