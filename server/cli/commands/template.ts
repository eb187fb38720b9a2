import { readFileSync } from 'node:fs';
import { DEFAULT_CSE_REVIEW_TEMPLATE } from '../../../shared/review-template/default-cse-review-template';
import { templateDefinitionSchema, type TemplateDefinition } from '../../../shared/review-template/template-definition';
import { CommandFailed, parseOptions, UsageError, withStorage, type CliIo } from '../cli-io';

export const TEMPLATE_USAGE = 'template set FILE.json | template set --default | template list   define the review form (versioned)';

export async function runTemplate(args: string[], io: CliIo): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'list') {
    const { values } = parseOptions(rest, {}, { min: 0, max: 0, names: '' });
    await withStorage(values, async (storage) => {
      const templates = await storage.listTemplates();
      if (templates.length === 0) io.out('No templates.');
      for (const template of templates) io.out(`${template.templateId} v${template.version}  ${template.definition.title}  (${template.definition.fields.length} fields)`);
    });
    return;
  }
  if (action !== 'set') throw new UsageError('expected "template set" or "template list"');
  const { values, positionals } = parseOptions(rest, { default: { type: 'boolean' } }, { min: 0, max: 1, names: 'one file, or --default' });
  let definition: TemplateDefinition;
  if (values.default === true) {
    if (positionals.length > 0) throw new UsageError('give a file or --default, not both');
    definition = DEFAULT_CSE_REVIEW_TEMPLATE;
  } else {
    if (positionals.length === 0) throw new UsageError('give a template file, or --default');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(positionals[0]!, 'utf8'));
    } catch {
      throw new CommandFailed('the template file cannot be read as JSON');
    }
    const parsed = templateDefinitionSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) io.err(`${issue.path.join('.') || '(template)'}: ${issue.message}`);
      throw new CommandFailed('the template is not valid; nothing was changed');
    }
    definition = parsed.data;
  }
  await withStorage(values, async (storage) => {
    const result = await storage.setTemplate(definition, new Date().toISOString());
    io.out(result.created ? `Template ${definition.templateId} version ${result.version} saved` : `Template ${definition.templateId} unchanged (version ${result.version})`);
  });
}
