import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResultDocument, SchemaCommand } from '../src/results/documents.js';
import { REPO } from './run-cli.js';

/** The published JSON Schema of each command's `-o json|yaml` document (docs/schema, written by npm run schema). */
const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<SchemaCommand, ValidateFunction>();

const validatorFor = (command: SchemaCommand): ValidateFunction => {
  const known = validators.get(command);
  if (known) return known;
  const schema = JSON.parse(readFileSync(join(REPO, 'docs', 'schema', `${command}.schema.json`), 'utf8')) as object;
  const validate = ajv.compile(schema);
  validators.set(command, validate);
  return validate;
};

/** Every way `document` breaks the schema of `command`'s output, one line each; empty when it is valid. */
export const schemaErrors = (command: SchemaCommand, document: unknown): string[] => {
  const validate = validatorFor(command);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`);
};

/** Fails the test unless `document` is what the published schema of `command` allows. */
export const expectValid = (command: SchemaCommand, document: unknown): void => {
  expect(schemaErrors(command, document)).toEqual([]);
};

type Kind = ResultDocument['kind'];
type DocumentOfKind<K extends Kind> = Extract<ResultDocument, { readonly kind: K }>;

/** The command that prints each kind of document. */
const COMMAND_OF: Readonly<Record<Kind, SchemaCommand>> = {
  PrecheckReport: 'precheck',
  CheckList: 'precheck',
  MachinesReport: 'machines',
  DrainExplanation: 'explain-drain',
  FixPdbPlan: 'fix-pdb',
  FixPdbResult: 'fix-pdb',
  FixPdbRestore: 'fix-pdb',
  StatusReport: 'status',
};

/** The `-o json` document of a run, which must be of `kind` and valid against its command's published schema. */
export const documentOf = <K extends Kind>(kind: K, run: { readonly stdout: string }): DocumentOfKind<K> => {
  const document: unknown = JSON.parse(run.stdout);
  expectValid(COMMAND_OF[kind], document);
  expect(document).toMatchObject({ kind });
  // Valid against the schema generated from ResultDocument, and of this kind: the type is what the schema says.
  return document as DocumentOfKind<K>;
};
