import { fileURLToPath } from 'node:url';

/** `../shared` beside the project (read-only; present in CI too). */
export const sharedDir = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const einvoicePath = (folderAndFile: string): string => `${sharedDir}einvoices/${folderAndFile}`;
export const statementPath = (file: string): string => `${sharedDir}statements/${file}`;
