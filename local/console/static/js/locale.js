// The reader's formats, built once for the page: amounts, dates and figures in their locale.
import { formatsFor, readerLocale } from './format.js';

export const fmt = formatsFor(readerLocale(navigator));
