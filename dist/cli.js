#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as b,c as x,d as O,e as v,f as g,g as I,h as k}from"./chunks/chunk-P46MRKPW.js";import{c as m}from"./chunks/chunk-QNV4XEM4.js";import"./chunks/chunk-UJKKSRLN.js";import{a as s,c as h}from"./chunks/chunk-KQ5PHHRF.js";import{a as o}from"./chunks/chunk-6ZGVWTIR.js";import{writeFile as F}from"node:fs/promises";import{parseArgs as w}from"node:util";var S=`Usage:
  iam-credential-gate check --report <csv> --policy <file>
                            [--terraform-dir <dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
                            [--fail-on critical|high|medium|low|never] [--account-label <label>]
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate --version

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`,R={stdout:o(e=>process.stdout.write(e),"stdout"),stderr:o(e=>process.stderr.write(e),"stderr"),clock:o(()=>Date.now(),"clock")};async function E(e,r=R){let[i,...d]=e,u;try{switch(i){case"check":{let{values:t}=w({args:d,strict:!0,allowPositionals:!1,options:{report:{type:"string"},policy:{type:"string"},"report-generated-at":{type:"string"},now:{type:"string"},format:{type:"string",default:"markdown"},output:{type:"string"},"fail-on":{type:"string"},"account-label":{type:"string"},"terraform-dir":{type:"string",multiple:!0},"terraform-state":{type:"string"}}}),n=A(t.format,x,"--format");n==="json"&&t.output&&(u={output:t.output,label:t["account-label"]??null});let l=y(t.report,"--report"),p=y(t.policy,"--policy"),c=t["fail-on"]===void 0?void 0:A(t["fail-on"],b,"--fail-on"),f=t.now===void 0?r.clock():C(t.now,"--now"),a=await k({reportFile:l,policyFile:p,reportGeneratedAt:t["report-generated-at"],now:f,failOn:c,accountLabel:t["account-label"],terraformDirs:t["terraform-dir"],terraformState:t["terraform-state"]}),$=O(a,n);return t.output?(await F(t.output,$),r.stderr(`iam-credential-gate: ${a.passed?"passed":"FAILED"}: ${a.summary.failing} failing of ${a.summary.findings} findings (fail_on ${a.policy.failOn}); ${n} written to ${t.output}
`)):r.stdout($),a.passed?0:1}case"fetch":{let{values:t}=w({args:d,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"max-wait-seconds":{type:"string",default:"120"}}}),n=y(t.output,"--output"),l=Number(t["max-wait-seconds"]);if(!Number.isFinite(l)||l<=0)throw new s(`--max-wait-seconds must be a positive number, not "${t["max-wait-seconds"]}"`);let{fetchReportToFile:p}=await import("./chunks/fetch-DPLAIWSS.js"),c=await p({output:n,maxWaitMs:l*1e3,log:o(f=>r.stderr(`iam-credential-gate: ${f}
`),"log"),clock:r.clock});return r.stderr(`iam-credential-gate: credential report generated ${c.generatedAt.toISOString()} written to ${n} (${c.content.length} bytes, ${c.calls} API calls); generation time in ${n}.meta.json
`),0}case"validate-policy":{let{positionals:t}=w({args:d,strict:!0,allowPositionals:!0,options:{}});if(t.length!==1)throw new s("validate-policy takes exactly one policy file");let n=await I(t[0]);return r.stdout(`${n.file}: valid (fail_on ${n.failOn}; ${Object.keys(n.rules).length} rule override(s), ${n.serviceUsers.users.length+n.serviceUsers.paths.length} service-user pattern(s), ${n.exemptions.length} exemption(s))
`),0}case"--version":case"-v":return r.stdout(`${g}
`),0;case"--help":case"-h":case"help":return r.stdout(`${S}
`),0;default:throw new s(i===void 0?"no command given":`unknown command "${i}"`,{},"see --help")}}catch(t){let n=h(t)?t.describe():t.code?.startsWith("ERR_PARSE_ARGS")?`${t.message}

${S}`:`unexpected error: ${t.stack??String(t)}`;return r.stderr(`iam-credential-gate: ${n}
`),u&&await F(u.output,`${JSON.stringify(v(n,{id:null,label:u.label},g),null,2)}
`).catch(()=>{}),2}}o(E,"runCli");function y(e,r){if(e===void 0||e==="")throw new s(`${r} is required`,{},"see --help");return e}o(y,"required");function A(e,r,i){if(!r.includes(e))throw new s(`${i} must be one of ${r.join(", ")}, not "${e}"`);return e}o(A,"oneOf");function C(e,r){let i=m(e)??(/^\d{4}-\d{2}-\d{2}$/.test(e)?m(`${e}T00:00:00Z`):void 0);if(i===void 0)throw new s(`${r} "${e}" is not an ISO-8601 date-time with an offset`,{},"e.g. 2026-11-22T00:00:00Z");return i}o(C,"isoOption");process.exitCode=await E(process.argv.slice(2));
