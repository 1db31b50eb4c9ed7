/**
 * Builds the Excel add-in's task pane into dist/ (as in Microsoft's Office-Addin-TaskPane template):
 *
 *   npm run build        production build; the manifest's https://localhost:3000/ becomes the
 *                        URL in ADDIN_URL (or `--env url=https://host/path/`), which it needs
 *   npm run build:dev    development build
 *   npm run dev-server   https://localhost:3000 with office-addin-dev-certs certificates
 *
 * dist/ is the add-in's alone (the command line builds into lib/): it is emptied on each build.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import HtmlWebpackPlugin from 'html-webpack-plugin';
import webpack from 'webpack';

const root = path.dirname(fileURLToPath(import.meta.url));
const DEV_URL = 'https://localhost:3000/';
const DEV_ORIGIN = 'https://localhost:3000';
/** package.json's config.dev_server_port: office-addin-debugging waits for it before sideloading. */
const PORT = Number(process.env.npm_package_config_dev_server_port || 3000);

/**
 * The production URL, normalised to end with `/`. None given is an error: a "production" manifest
 * pointing at localhost would install an add-in that loads nothing for its users.
 */
function productionUrl(env) {
  const given = env.url || process.env.ADDIN_URL;
  if (!given) {
    // One line and a failing exit, not webpack's stack trace.
    console.error(
      `npm run build needs the address the add-in will be served from: ADDIN_URL=https://your.host/path/ npm run build (or --env url=...). For a build on ${DEV_URL}, use npm run build:dev.`,
    );
    process.exit(2);
  }
  const url = new URL(given);
  if (url.protocol !== 'https:') throw new Error(`ADDIN_URL must be https: ${given}`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function rewriteManifest(content, url) {
  const origin = new URL(url).origin;
  return content.toString().replaceAll(DEV_URL, url).replaceAll(DEV_ORIGIN, origin);
}

async function httpsOptions() {
  // Only when serving: a build must not need (or create) certificates.
  const { default: devCerts } = await import('office-addin-dev-certs');
  const { ca, key, cert } = await devCerts.getHttpsServerOptions();
  return { ca, key, cert };
}

export default async (env = {}, argv = {}) => {
  const dev = argv.mode !== 'production';
  const serving = Boolean(env.WEBPACK_SERVE || process.env.WEBPACK_SERVE);
  const url = dev ? DEV_URL : productionUrl(env);

  return {
    mode: dev ? 'development' : 'production',
    context: root,
    devtool: dev ? 'source-map' : false,
    entry: { taskpane: './addin/taskpane.ts' },
    output: {
      path: path.resolve(root, 'dist'),
      filename: dev ? '[name].js' : '[name].[contenthash:8].js',
      chunkFilename: dev ? '[name].js' : '[name].[contenthash:8].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js'],
      extensionAlias: { '.js': ['.ts', '.js'] },
      // pptxgenjs (the board's slide deck, built in the pane) imports these only under Node.
      alias: { fs: false, https: false },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: { configFile: path.resolve(root, 'addin/tsconfig.json') },
          },
        },
      ],
    },
    optimization: {
      // Code loaded with import() (the xlsx reader, rarely used parts) goes into its own chunks.
      splitChunks: { chunks: 'async' },
      minimize: !dev,
    },
    performance: { hints: false },
    plugins: [
      // `node:fs` is read before aliases apply: drop the scheme so the alias above empties it.
      new webpack.NormalModuleReplacementPlugin(/^node:(fs|https)$/, (resource) => {
        resource.request = resource.request.replace(/^node:/, '');
      }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './addin/taskpane.html',
        chunks: ['taskpane'],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/*.png', to: 'assets/[name][ext]' },
          { from: 'addin/taskpane.css', to: 'taskpane.css' },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            transform: (content) => (dev ? content : rewriteManifest(content, url)),
          },
        ],
      }),
    ],
    devServer: serving
      ? {
          port: PORT,
          headers: { 'Access-Control-Allow-Origin': '*' },
          server: { type: 'https', options: await httpsOptions() },
          static: false,
        }
      : undefined,
  };
};
