// Signs and verifies requests with the npm package http-message-signatures, an RFC 9421 implementation
// independent of DUMP's, for RequestSignaturesInteropTest. Reads a JSON job (file given as the argument), writes
// a JSON answer to stdout:
//   job:    { privateKey: base64 PKCS#8 DER of the Ed25519 key to sign with (to sign),
//             publicKey: base64 raw Ed25519 public key to verify with, keyid: its key id (to verify),
//             sign: [ { method, url, body, signatures: [ { label, fields, params, values, foreign } ] } ],
//             verify: [ { method, url, headers } ] }
//   answer: { signed: [ headers ], verified: [ true | false | "error: …" ] }
// A signature with "foreign": true is made with a key of this script's own, which the test does not know.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const { httpbis, createSigner, createVerifier } = require('http-message-signatures');

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const key = job.privateKey
  ? crypto.createPrivateKey({ key: Buffer.from(job.privateKey, 'base64'), format: 'der', type: 'pkcs8' }) : null;
const foreignKey = crypto.generateKeyPairSync('ed25519').privateKey;

// Values the test gives in seconds since 1970 become Dates, as the library wants them.
function values(given) {
  const out = {};
  for (const [name, value] of Object.entries(given || {})) {
    out[name] = (name === 'created' || name === 'expires') ? new Date(value * 1000) : value;
  }
  return out;
}

async function sign(request) {
  const digest = crypto.createHash('sha256').update(Buffer.from(request.body, 'utf8')).digest('base64');
  let message = {
    method: request.method,
    url: request.url,
    headers: { 'Content-Type': 'application/json', 'Content-Digest': `sha-256=:${digest}:` },
  };
  for (const signature of request.signatures) {
    message = await httpbis.signMessage({
      key: createSigner(signature.foreign ? foreignKey : key, 'ed25519'),
      name: signature.label,
      fields: signature.fields,
      params: signature.params,
      paramValues: values(signature.values),
    }, message);
  }
  return message.headers;
}

async function verify(request) {
  const publicKey = crypto.createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(job.publicKey, 'base64').toString('base64url') },
    format: 'jwk',
  });
  try {
    return await httpbis.verifyMessage({
      keyLookup: async (params) => (params.keyid === job.keyid
        ? { id: job.keyid, algs: ['ed25519'], verify: createVerifier(publicKey, 'ed25519') } : null),
      requiredFields: ['@method', '@target-uri', 'content-digest'],
      requiredParams: ['created', 'keyid', 'nonce', 'alg'],
      tolerance: 300,
    }, request);
  } catch (e) {
    return `error: ${e.message}`;
  }
}

(async () => {
  const signed = [];
  for (const request of job.sign || []) {
    signed.push(await sign(request));
  }
  const verified = [];
  for (const request of job.verify || []) {
    verified.push(await verify(request));
  }
  process.stdout.write(JSON.stringify({ signed, verified }));
})().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
