// The schema path written at the top of rule and test files for editors: from the file's folder
// to schemas/<name>, with forward slashes on every platform.
import path from 'node:path';
import { schemaPath } from '../project-paths.js';

export const schemaLink = (file: string, schemaName: string): string =>
  path.relative(path.dirname(path.resolve(file)), schemaPath(schemaName)).split(path.sep).join('/');
