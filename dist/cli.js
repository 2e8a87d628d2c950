#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{a as b,c as x,d as k,e as m,g as O,h as w,i as v,j as I}from"./chunks/chunk-PBS2Z5LS.js";import{c as g}from"./chunks/chunk-7WD6BA2Q.js";import"./chunks/chunk-UJKKSRLN.js";import{a,c as $}from"./chunks/chunk-KQ5PHHRF.js";import{a as o}from"./chunks/chunk-6ZGVWTIR.js";import{writeFile as C}from"node:fs/promises";import{parseArgs as y}from"node:util";var F=`Usage:
  iam-credential-gate check --report <csv> --policy <file>
                            [--terraform-dir <dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
                            [--fail-on critical|high|medium|low|never] [--account-label <label>]
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate --version

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`,R={stdout:o(e=>process.stdout.write(e),"stdout"),stderr:o(e=>process.stderr.write(e),"stderr"),clock:o(()=>Date.now(),"clock")};async function A(e,n=R){let[i,...d]=e,u;try{switch(i){case"check":{let{values:t}=y({args:d,strict:!0,allowPositionals:!1,options:{report:{type:"string"},policy:{type:"string"},"report-generated-at":{type:"string"},now:{type:"string"},format:{type:"string",default:"markdown"},output:{type:"string"},"fail-on":{type:"string"},"account-label":{type:"string"},"terraform-dir":{type:"string",multiple:!0},"terraform-state":{type:"string"}}}),r=S(t.format,k,"--format");r==="json"&&t.output&&(u={output:t.output,label:t["account-label"]??null});let l=h(t.report,"--report"),p=h(t.policy,"--policy"),c=t["fail-on"]===void 0?void 0:S(t["fail-on"],b,"--fail-on"),f=t.now===void 0?n.clock():P(t.now,"--now"),s=await I({reportFile:l,policyFile:p,reportGeneratedAt:t["report-generated-at"],now:f,failOn:c,accountLabel:t["account-label"],terraformDirs:t["terraform-dir"],terraformState:t["terraform-state"]});if(t.output)await x(m(s,r),t.output),n.stderr(`iam-credential-gate: ${s.passed?"passed":"FAILED"}: ${s.summary.failing} failing of ${s.summary.findings} findings (fail_on ${s.policy.failOn}); ${r} written to ${t.output}
`);else for(let E of m(s,r))n.stdout(E);return s.passed?0:1}case"fetch":{let{values:t}=y({args:d,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"max-wait-seconds":{type:"string",default:"120"}}}),r=h(t.output,"--output"),l=Number(t["max-wait-seconds"]);if(!Number.isFinite(l)||l<=0)throw new a(`--max-wait-seconds must be a positive number, not "${t["max-wait-seconds"]}"`);let{fetchReportToFile:p}=await import("./chunks/fetch-6JU5KEHY.js"),c=await p({output:r,maxWaitMs:l*1e3,log:o(f=>n.stderr(`iam-credential-gate: ${f}
`),"log"),clock:n.clock});return n.stderr(`iam-credential-gate: credential report generated ${c.generatedAt.toISOString()} written to ${r} (${c.content.length} bytes, ${c.calls} API calls); generation time in ${r}.meta.json
`),0}case"validate-policy":{let{positionals:t}=y({args:d,strict:!0,allowPositionals:!0,options:{}});if(t.length!==1)throw new a("validate-policy takes exactly one policy file");let r=await v(t[0]);return n.stdout(`${r.file}: valid (fail_on ${r.failOn}; ${Object.keys(r.rules).length} rule override(s), ${r.serviceUsers.users.length+r.serviceUsers.paths.length} service-user pattern(s), ${r.exemptions.length} exemption(s))
`),0}case"--version":case"-v":return n.stdout(`${w}
`),0;case"--help":case"-h":case"help":return n.stdout(`${F}
`),0;default:throw new a(i===void 0?"no command given":`unknown command "${i}"`,{},"see --help")}}catch(t){let r=$(t)?t.describe():t.code?.startsWith("ERR_PARSE_ARGS")?`${t.message}

${F}`:`unexpected error: ${t.stack??String(t)}`;return n.stderr(`iam-credential-gate: ${r}
`),u&&await C(u.output,`${JSON.stringify(O(r,{id:null,label:u.label},w),null,2)}
`).catch(()=>{}),2}}o(A,"runCli");function h(e,n){if(e===void 0||e==="")throw new a(`${n} is required`,{},"see --help");return e}o(h,"required");function S(e,n,i){if(!n.includes(e))throw new a(`${i} must be one of ${n.join(", ")}, not "${e}"`);return e}o(S,"oneOf");function P(e,n){let i=g(e)??(/^\d{4}-\d{2}-\d{2}$/.test(e)?g(`${e}T00:00:00Z`):void 0);if(i===void 0)throw new a(`${n} "${e}" is not an ISO-8601 date-time with an offset`,{},"e.g. 2026-11-22T00:00:00Z");return i}o(P,"isoOption");process.exitCode=await A(process.argv.slice(2));
