/**
 * `url`: the signed, versioned URL API addresses of an original, one per format and density of a
 * preset (or of the given processing options), built by thumbdesk/url as a site would build them.
 */
import type { Command } from 'commander';
import { imageUrl, type UrlOptions } from '../../../shared/url/url-builder.js';
import { CliError, collect, withLibrary } from '../command-kit.js';
import { addSigningOptions, signingPairsFromOptions } from '../url-api-options.js';
import { imgproxyEnvironment } from '../imgproxy-environment.js';

interface UrlCommandOptions {
  key: string[];
  salt: string[];
  signatureSize?: number;
  preset?: string;
  option: string[];
  format: string[];
  endpoint: string;
}

/** `rs:fill:300:200` → `['rs', ['fill', '300', '200']]`. */
function option(text: string): [string, string[]] {
  const [name, ...args] = text.split(':');
  if (!name || !/^[a-z_]+$/.test(name)) throw new CliError(`not a processing option: "${text}"`);
  return [name, args];
}

export function register(program: Command): void {
  addSigningOptions(
    program
      .command('url')
      .description('print signed, versioned URL API addresses of an original')
      .argument('<original>', 'source/path, as "thumbdesk list" shows it')
      .option('--preset <name>', "one URL per format and density of the library's preset")
      .option(
        '--option <name:args>',
        'a processing option, e.g. rs:fill:300:200 (repeatable)',
        collect,
        [],
      )
      .option('--format <ext>', 'without --preset: a format to ask for (repeatable)', collect, [])
      .option('--endpoint <url>', 'the origin the URLs start with', 'http://127.0.0.1:8420'),
  ).action(
    withLibrary(program, async (library, out, name: string, options: UrlCommandOptions) => {
      const [{ originalByName }, { presetByName }] = await Promise.all([
        import('../../core/catalog/originals.js'),
        import('../../core/catalog/presets.js'),
      ]);
      const original = originalByName(library.db, name);
      if (!original?.hash) throw new CliError(`no scanned image original "${name}"`);
      const given = Object.fromEntries(options.option.map(option)) as UrlOptions;
      let variants: { options: UrlOptions; extension?: string }[];
      if (options.preset) {
        const stored = presetByName(library.db, options.preset);
        if (!stored) throw new CliError(`no preset named "${options.preset}"`);
        const { formats, densities } = stored.preset;
        variants = formats.flatMap((format) =>
          densities.map((dpr) => ({
            options: { pr: stored.preset.name, ...given, dpr },
            extension: format,
          })),
        );
      } else {
        const formats = options.format.length ? options.format : [undefined];
        variants = formats.map((extension) => ({ options: given, extension }));
      }
      const [pair] = signingPairsFromOptions(options);
      const signatureSize = options.signatureSize ?? imgproxyEnvironment().signatureSize;
      const key = pair && {
        key: pair.key.toString('hex'),
        salt: pair.salt.toString('hex'),
        signatureSize,
      };
      const endpoint = options.endpoint.replace(/\/+$/, '');
      const urls = await Promise.all(
        variants.map(async (v) => ({
          format: v.extension ?? null,
          dpr: v.options.dpr ?? null,
          url:
            endpoint +
            (await imageUrl(
              {
                source: `local:///${name}`,
                options: v.options,
                extension: v.extension,
                contentHash: original.hash!,
              },
              key,
            )),
        })),
      );
      out.result({ original: name, urls }, () => urls.map((u) => u.url).join('\n'));
    }),
  );
}
