#!/usr/bin/env node
import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{b as K,c as X,d as Z,e as Q,g as ee,h as A}from"./chunks/chunk-EV2ITIQB.js";import{b as S,d as P,e as q,f as v,g as C,i as R,j as J,k as G,l as Y}from"./chunks/chunk-BKVQC4GP.js";import"./chunks/chunk-YHJ26ZZU.js";import{a as O,b as D,d as V,e as B}from"./chunks/chunk-XLZ3OWH5.js";import"./chunks/chunk-GLTFGXH4.js";import"./chunks/chunk-FLJ6VSLH.js";import{a as z}from"./chunks/chunk-HNUUDJIO.js";import"./chunks/chunk-SPELYATQ.js";import{b as H}from"./chunks/chunk-QE4PMDCG.js";import"./chunks/chunk-JCDPND7K.js";import"./chunks/chunk-HJZYVOA3.js";import{a as j,e as W}from"./chunks/chunk-4W7GZ6XQ.js";import{a as E}from"./chunks/chunk-WADOYV35.js";import"./chunks/chunk-XCWQ4KJ6.js";import"./chunks/chunk-LEMBSBXT.js";import{a as h,c as T}from"./chunks/chunk-KQ5PHHRF.js";import{a}from"./chunks/chunk-6ZGVWTIR.js";import{parseArgs as _}from"node:util";function $(e,t){if(e===void 0||e==="")throw new h(`${t} is required`,{},"see --help");return e}a($,"required");function b(e,t,r){if(!t.includes(e))throw new h(`${r} must be one of ${t.join(", ")}, not "${e}"`);return e}a(b,"oneOf");function x(e,t){let r=H(e);if(r===void 0)throw new h(`${t} "${e}" is not an ISO-8601 date-time with an offset`,{},"e.g. 2026-11-22T00:00:00Z");return r}a(x,"isoOption");import{writeFile as se}from"node:fs/promises";import{parseArgs as Oe}from"node:util";var he={bold:1,dim:2,red:31,green:32,yellow:33,cyan:36},ye={critical:["bold","red"],high:["red"],medium:["yellow"],low:["dim"]},we=/(?<!`)(`+)(?!`)([\s\S]*?[^`]|)\1(?!`)/g,$e=a(e=>e.length>1&&e.startsWith(" ")&&e.endsWith(" ")&&e.trim()!==""?e.slice(1,-1):e,"unpad");function U(e,t={}){let r=a((o,...g)=>t.color&&g.length>0?`\x1B[${g.map(F=>he[F]).join(";")}m${o}\x1B[0m`:o,"paint"),n=a(o=>S(o).replace(we,(g,F,I)=>r($e(I),"cyan")),"prose"),s=e.summary,l=[],i=e.passed?r("PASSED","bold","green"):r("FAILED","bold","red"),c=[e.account.label,e.account.id].filter(Boolean).map(o=>S(o));l.push(`${i}  ${s.failing} failing of ${s.findings} findings (fail_on ${e.policy.failOn}) \xB7 ${s.users} users${c.length>0?` \xB7 account ${c.join(" ")}`:""}`);let d=a(o=>z.filter(g=>o[g]>0).map(g=>`${o[g]} ${g}`).join(", ")||"none","bySeverity");l.push(`        failing: ${d(s.failingBySeverity)} \xB7 exempted: ${s.exempted} \xB7 report generated ${e.reportGeneratedAt??"unknown"} \xB7 policy ${S(e.policy.file)}`);for(let o of e.policyWarnings??[])l.push(`${r("warning","yellow")}: the policy weakens the gate: ${n(o.message)}`);let y=e.findings.filter(o=>o.failing),u=e.findings.filter(o=>!o.failing&&!o.exempted),m=e.findings.filter(o=>o.exempted),f=xe(e.findings),w=a(o=>{let g=o.severity.padEnd(f.severity);return`  ${r(g,...ye[o.severity])}  ${S(o.rule).padEnd(f.rule)}  ${r(ne(o).padEnd(f.user),"bold")}  ${be(o)}`},"row"),k=" ".repeat(2+f.severity+2),N=a(()=>r(`  ${"SEVERITY".padEnd(f.severity)}  ${"RULE".padEnd(f.rule)}  ${"USER".padEnd(f.user)}  WHERE`,"dim"),"header"),p=a((o,g,F)=>{if(g.length!==0){l.push("",r(`${o} (${g.length})`,"bold"),N());for(let I of g){l.push(w(I));for(let ge of F(I))l.push(`${k}${ge}`)}}},"section");if(p("Failing findings",y,o=>[n(o.message),`${r("fix:","bold")} ${n(o.remediation)}`]),p("Below fail_on",u,o=>[n(o.message)]),p("Exempted",m,o=>[n(o.message),`${r("exempted:","dim")} ${n(o.exemption?.reason??"")} (until ${o.exemption?.expires??"?"})`]),e.warnings.length>0){l.push("",r(`Warnings (${e.warnings.length})`,"bold"));for(let o of e.warnings)l.push(`  - ${n(o)}`)}return e.findings.length===0&&l.push("","No findings."),`${l.join(`
`)}
`}a(U,"renderText");var te=a((e,t={})=>U({...e,findings:[],warnings:[],policyWarnings:[]},t).split(`
`)[0]+`
`,"textVerdict"),ne=a(e=>e.user===null?"(report)":S(e.user),"userOf");function be(e){let t=e.terraform.find(r=>r.file!==null);return t?S(`${t.file}${t.line!==null?`:${t.line}`:""}`):"\u2014"}a(be,"whereOf");function xe(e){let t=4,r=4;for(let n of e)t=Math.max(t,n.rule.length),r=Math.max(r,Math.min(32,ne(n).length));return{severity:8,rule:t,user:r}}a(xe,"columnWidths");var re={accounts:{type:"string"},"role-arn-template":{type:"string"},"role-session-name":{type:"string",default:"iam-credential-gate"},"output-dir":{type:"string"},"account-concurrency":{type:"string"},"account-timeout-seconds":{type:"string"}};async function ie(e,t,r){for(let w of["report","output","account-id","account-label","report-generated-at","base-policy"])if(e[w]!==void 0)throw new h(`--${w} cannot be given with --accounts`,{},"with --accounts, every account has its report fetched through its role, written to --output-dir as <account id>.json, labelled with the names the account list holds");let[n,s]=await Promise.all([import("./chunks/assume-role-Q3M4T2LP.js"),import("./chunks/check-accounts-E2FNRORN.js")]),l=L(e["role-arn-template"],"--role-arn-template");n.checkRoleArnTemplate(l,"--role-arn-template");let i=e["role-session-name"]??"iam-credential-gate";n.checkSessionName(i,"--role-session-name");let c=L(e["output-dir"],"--output-dir"),d=e["account-concurrency"]===void 0?s.DEFAULT_ACCOUNT_CONCURRENCY:A(e["account-concurrency"],"--account-concurrency",s.MAX_ACCOUNT_CONCURRENCY),y=e["account-timeout-seconds"]===void 0?s.DEFAULT_ACCOUNT_TIMEOUT_MS:A(e["account-timeout-seconds"],"--account-timeout-seconds",3600)*1e3,u=await Q(L(e.accounts,"--accounts"),"--accounts"),m=await s.checkAccounts({accounts:u,roleArnTemplate:l,roleSessionName:i,outputDir:c,policyFile:t.policy,now:t.now,failOn:t.failOn,failOnSource:"--fail-on",terraformDirs:e["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:e["terraform-state"],concurrency:d,accountTimeoutMs:y,log:a(w=>r.stderr(`iam-credential-gate: ${w}
`),"log"),clock:r.clock}),f=a(w=>m.filter(k=>k.status===w).length,"count");return r.stderr(`iam-credential-gate: ${m.length} account(s): ${f("passed")} passed, ${f("failed")} failed, ${f("errored")} errored; reports in ${c}
`),s.exitCodeOf(m)}a(ie,"checkAccountsCommand");var oe={from:{type:"string"},batches:{type:"string"},"batch-size":{type:"string"}};async function ae(e,t){if(e.batches!==void 0&&e["batch-size"]!==void 0)throw new h("give --batches or --batch-size, not both");let r;if(e.from!==void 0){if(e["include-inactive"])throw new h("--include-inactive is for Organizations, not for --from");let d=(await j(e.from,"account list",16*1024*1024)).toString("utf8");r=Z(d,e.from)}else{let{listOrganizationAccounts:d,createOrganizationsClient:y}=await import("./chunks/organizations-GQ5CANAH.js"),u=y();try{r=await d(u,{includeInactive:e["include-inactive"]??!1})}finally{u.destroy()}}let n=`${JSON.stringify(r,null,2)}
`,s=e.batches!==void 0?{batches:A(e.batches,"--batches",X)}:e["batch-size"]!==void 0?{batchSize:A(e["batch-size"],"--batch-size",1e5)}:void 0;if(s===void 0)return e.output?await C([n],e.output):t.stdout(n),t.stderr(`iam-credential-gate: ${r.length} account(s)
`),0;let l=[],i=ee(r,s,l);e.output&&await C([n],e.output),t.stdout(`${JSON.stringify(i)}
`);for(let d of l)t.stderr(`iam-credential-gate: ${d}
`);let c=i.include.map(d=>d.accounts.length);return t.stderr(`iam-credential-gate: ${r.length} account(s) in ${c.length} batch(es) of ${Math.min(...c)}${Math.max(...c)>Math.min(...c)?`-${Math.max(...c)}`:""}
`),0}a(ae,"listAccountsCommand");function L(e,t){if(e===void 0||e==="")throw new h(`${t} is required with --accounts`,{},"see --help");return e}a(L,"need");var Se=["text",...R];async function ce(e,t,r){let{values:n}=Oe({args:[...e],strict:!0,allowPositionals:!1,options:{report:{type:"string"},policy:{type:"string"},"report-generated-at":{type:"string"},now:{type:"string"},format:{type:"string"},output:{type:"string"},"json-file":{type:"string"},"sarif-file":{type:"string"},"markdown-file":{type:"string"},"sarif-include-exempted":{type:"boolean",default:!1},quiet:{type:"boolean",short:"q",default:!1},"fail-on":{type:"string"},"account-label":{type:"string"},"account-id":{type:"string"},"terraform-dir":{type:"string",multiple:!0},"terraform-state":{type:"string"},"cache-dir":{type:"string"},"base-policy":{type:"string"},...re}});if(n.accounts!==void 0)return await ie(n,{policy:$(n.policy,"--policy"),now:n.now===void 0?t.clock():x(n.now,"--now"),failOn:n["fail-on"]===void 0?void 0:b(n["fail-on"],O,"--fail-on")},t);let s=b(n.format??(t.isTTY&&n.output===void 0?"text":"markdown"),Se,"--format"),l=n.output!==void 0&&(s==="json"||s==="sarif");r({json:[n["json-file"],l&&s==="json"?n.output:void 0].filter(p=>p!==void 0),sarif:[n["sarif-file"],l&&s==="sarif"?n.output:void 0].filter(p=>p!==void 0),id:n["account-id"]??null,label:n["account-label"]??null});let i=$(n.report,"--report"),c=$(n.policy,"--policy"),d=n["fail-on"]===void 0?void 0:b(n["fail-on"],O,"--fail-on"),y=n.now===void 0?t.clock():x(n.now,"--now"),u=await B({reportFile:i,policyFile:c,reportGeneratedAt:n["report-generated-at"]===void 0?void 0:x(n["report-generated-at"],"--report-generated-at"),now:y,failOn:d,accountLabel:n["account-label"],accountId:n["account-id"],terraformDirs:n["terraform-dir"],terraformDirSource:"--terraform-dir",terraformState:n["terraform-state"],terraformCacheDir:n["cache-dir"],failOnSource:"--fail-on",...n["base-policy"]!==void 0&&{basePolicy:{text:(await j(n["base-policy"],"base policy file",W)).toString("utf8"),label:n["base-policy"]}}}),m=n.quiet;if(!m&&!(s==="text"&&n.output===void 0))for(let p of u.policyWarnings??[])t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${p.message}
`);let f={includeExempted:n["sarif-include-exempted"],uriOf:P(t.root??process.cwd(),process.cwd())},w=a(p=>p==="text"?[U(u,{color:t.color&&n.output===void 0})]:J(u,p,{},f),"chunks"),k=`${u.passed?"passed":"FAILED"}: ${u.summary.failing} failing of ${u.summary.findings} findings (fail_on ${u.policy.failOn})`,N=[[n.output,s],[n["json-file"],"json"],[n["sarif-file"],"sarif"],[n["markdown-file"],"markdown"]];for(let[p,o]of N)p!==void 0&&(await C(w(o),p),m||t.stderr(`iam-credential-gate: ${k}; ${o} written to ${p}
`));if(m)t.stdout(te(u,{color:t.color}));else if(n.output===void 0)for(let p of v(w(s)))t.stdout(p);return u.passed?0:1}a(ce,"checkCommand");async function le(e,t,r,n=process.cwd()){let s={id:r.id,label:r.label},l=T(t)?t.place:{},i=a(()=>q(e,E,r.id,l,P(n,process.cwd())),"sarif");await Promise.all([...r.json.map(c=>se(c,Y(e,s,E)).catch(()=>{})),...r.sarif.map(c=>se(c,i()).catch(()=>{}))])}a(le,"writeErrorFiles");import{writeFile as Ce}from"node:fs/promises";import{parseArgs as ke}from"node:util";async function de(e,t){let{values:r}=ke({args:[...e],strict:!0,allowPositionals:!1,options:{report:{type:"string"},policy:{type:"string"},now:{type:"string"},"fail-on":{type:"string"},"terraform-dir":{type:"string",multiple:!0},"terraform-state":{type:"string"},rule:{type:"string",multiple:!0},user:{type:"string",multiple:!0},write:{type:"boolean",default:!1},output:{type:"string"}}}),{runFix:n}=await import("./chunks/fix-LAJIZRBG.js"),s=await n({reportFile:$(r.report,"--report"),policyFile:$(r.policy,"--policy"),now:r.now===void 0?t.clock():x(r.now,"--now"),failOn:r["fail-on"]===void 0?void 0:b(r["fail-on"],O,"--fail-on"),failOnSource:"--fail-on",terraformDirs:r["terraform-dir"],terraformState:r["terraform-state"],rules:r.rule,users:r.user,write:r.write});for(let i of s.manual)t.stderr(`iam-credential-gate: manual: ${i.user} (${i.rule}): ${i.reason}${i.file!==null?` \u2014 ${i.file}${i.line!==null?`:${i.line}`:""}`:""}
`);let l=`fix: ${s.fixed.length} verified, ${s.manual.length} manual; ${s.files.length} files ${r.write?"written":"in the patch"}`;return r.output!==void 0?(await Ce(r.output,s.patch),t.stderr(`iam-credential-gate: ${l}; patch written to ${r.output}
`)):(r.write||t.stdout(s.patch),t.stderr(`iam-credential-gate: ${l}
`)),s.manual.length>0?1:0}a(de,"fixCommand");var ue={check:`Usage: iam-credential-gate check --report <csv|json> --policy <file> [options]

Evaluates a credential report against a policy. Exit 0 passed, 1 the gate failed, 2 input error.

Inputs:
  --report <file>               the credential report: CSV, or the JSON of aws iam get-credential-report
  --policy <file>               the policy (YAML or JSON)
  --terraform-dir [<id>=]<dir>  a directory to scan for the users' Terraform (repeatable); 123456789012=dir
                                binds it to that account
  --terraform-state <json>      terraform show -json output (authoritative addresses)
  --report-generated-at <time>  when AWS generated the report (default: the JSON's GeneratedTime,
                                else <report>.meta.json, else unknown)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --fail-on <severity>          critical|high|medium|low|never: overrides the policy's fail_on
  --account-label <label>       a label for the account in every output
  --account-id <12 digits>      the account the report must be of
  --base-policy <file>          list what the policy changes since this one
  --cache-dir <dir>             keep parsed Terraform across runs (a cache keyed by file content)

Several accounts in one job (each report fetched through a role; one JSON report per account):
  --accounts <ids|file>         account ids (comma-separated), or a file of them / list-accounts JSON
  --role-arn-template <arn>     the role to assume in each, e.g. arn:aws:iam::{account}:role/gate
  --role-session-name <name>    (default iam-credential-gate)
  --output-dir <dir>            where <account id>.json goes (an error report for an account that fails)
  --account-concurrency <n>     accounts checked at once (default 8, at most 64)
  --account-timeout-seconds <n> bound on each account, role and fetch (default 300)

Outputs:
  --format text|markdown|json|sarif
                                what goes to stdout (or --output): default text on a terminal,
                                markdown otherwise
  --output <file>               write that format to a file instead of stdout
  --json-file <file>            also write the JSON report (an error report on input errors)
  --sarif-file <file>           also write SARIF 2.1.0 (an unsuccessful-analysis log on input errors)
  --markdown-file <file>        also write the Markdown summary
  --sarif-include-exempted      exempted findings as suppressed SARIF results (default: left out)
  --quiet, -q                   print only the verdict line (and errors); files are still written
  --help, -h                    this help

Text is coloured only on a terminal, and never when NO_COLOR is set.`,merge:`Usage: iam-credential-gate merge <report.json>... [options]

Merges per-account JSON reports into one verdict. Exit 0 passed, 1 an account failed, is stale,
errored or missing, 2 input error.

  --expect-accounts <file>      the accounts that must have a report (one id per line, # comments,
                                or the JSON list-accounts prints)
  --fail-on <severity>          critical|high|medium|low|never (default high)
  --max-report-age-hours <n>    a report evaluated longer ago makes its account stale (default 48)
  --now <time>                  evaluation time, ISO-8601 (default: now)
  --format markdown|json|sarif  (default markdown)
  --output <file>               write to a file instead of stdout
  --help, -h                    this help`,"list-accounts":`Usage: iam-credential-gate list-accounts [options]

Lists the accounts of the AWS Organization (ListAccounts; needs the management account or a
delegated administrator) as JSON, for --expect-accounts and matrix jobs.

  --output <file>               write to a file instead of stdout
  --include-inactive            also accounts that are suspended or being closed
  --batches <n>                 print a GitHub matrix of n batches (at most 256 jobs)
  --batch-size <k>              or: batches of k accounts (raised if it needs more than 256 jobs)
  --from <file>                 batch this list of accounts instead of asking Organizations
  --help, -h                    this help`,fetch:`Usage: iam-credential-gate fetch --output <csv> [options]

Generates and downloads the credential report with the AWS SDK's default credentials, and
records its generation time in <csv>.meta.json.

  --output <csv>                where to write the report (required)
  --max-wait-seconds <n>        bound on the whole fetch, retries included (default 120)
  --help, -h                    this help`,"validate-policy":`Usage: iam-credential-gate validate-policy <file>

Checks a policy file and says what it weakens. Exit 0 valid, 2 invalid (every error listed).

  --help, -h                    this help`,presets:`Usage: iam-credential-gate presets

Lists the baselines a policy can extend (extends: <name>).

  --help, -h                    this help`};function fe(e,t){if(e===void 0||!Object.hasOwn(ue,e))return;let r=t.indexOf("--"),n=r===-1?t:t.slice(0,r);return n.includes("--help")||n.includes("-h")?ue[e]:void 0}a(fe,"helpRequested");var pe=`Usage:
  iam-credential-gate check --report <csv|json> --policy <file>
                            [--terraform-dir [<account id>=]<dir>]... [--terraform-state <json>]
                            [--report-generated-at <ISO-8601>] [--now <ISO-8601>]
                            [--format text|markdown|json|sarif] [--output <file>]
                            [--json-file <file>] [--sarif-file <file>] [--markdown-file <file>]
                            [--sarif-include-exempted] [--quiet]
                            [--fail-on critical|high|medium|low|never]
                            [--account-label <label>] [--account-id <12 digits>]
                            [--base-policy <file>]   (list what changed since this policy)
                            [--cache-dir <dir>]   (parsed Terraform kept across runs)
  iam-credential-gate check --accounts <ids|file|JSON> --policy <file> --output-dir <dir>
                            --role-arn-template arn:aws:iam::{account}:role/<name>
                            [--role-session-name <name>] [--account-concurrency <n>] (default 8)
                            [--account-timeout-seconds <n>] (default 300) [--terraform-dir ...]
                            (one <account id>.json per account; exit code the worst account's)
  iam-credential-gate fix --report <csv|json> --policy <file> --terraform-dir <dir>...
                            [--terraform-state <json>] [--now <ISO-8601>] [--fail-on <severity>]
                            [--rule <id>]... (default unused-user) [--user <glob>]...
                            [--write] [--output <patch file>]   (a unified diff, for git apply)
  iam-credential-gate merge <report.json>... [--expect-accounts <file>]
                            [--fail-on critical|high|medium|low|never]   (default high)
                            [--max-report-age-hours <n>] (default 48) [--now <ISO-8601>]
                            [--format markdown|json|sarif] [--output <file>]
  iam-credential-gate list-accounts [--output <file>] [--include-inactive] [--from <file>]
                            [--batches <n> | --batch-size <n>]   (prints a GitHub matrix, <= 256 jobs)
  iam-credential-gate fetch --output <csv> [--max-wait-seconds <n>]   (default 120)
  iam-credential-gate validate-policy <file>
  iam-credential-gate presets                (the baselines a policy can extend)
  iam-credential-gate --version
  iam-credential-gate <command> --help       (the options of one command)

Exit codes: 0 passed, 1 the gate failed, 2 usage or input error.`,M={closed:!1},Ee={stdout:a(e=>{M.closed||process.stdout.write(e)},"stdout"),stderr:a(e=>process.stderr.write(K(e)),"stderr"),clock:a(()=>Date.now(),"clock"),isTTY:process.stdout.isTTY===!0,color:process.stdout.isTTY===!0&&!process.env.NO_COLOR,root:process.env.GITHUB_WORKSPACE||void 0};async function me(e,t=Ee){let[r,...n]=e,s,l=fe(r,n);if(l!==void 0)return t.stdout(`${l}
`),0;try{switch(r){case"check":return await ce(n,t,i=>s=i);case"fix":return await de(n,t);case"fetch":{let{values:i}=_({args:n,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"max-wait-seconds":{type:"string",default:"120"}}}),c=$(i.output,"--output"),d=Number(i["max-wait-seconds"]);if(!Number.isFinite(d)||d<=0)throw new h(`--max-wait-seconds must be a positive number, not "${i["max-wait-seconds"]}"`);let{fetchReportToFile:y}=await import("./chunks/fetch-Y273GHOO.js"),u=await y({output:c,maxWaitMs:d*1e3,log:a(m=>t.stderr(`iam-credential-gate: ${m}
`),"log"),clock:t.clock});return t.stderr(`iam-credential-gate: credential report generated ${u.generatedAt.toISOString()} written to ${c} (${u.content.length} bytes, ${u.calls} API calls); generation time in ${c}.meta.json
`),0}case"merge":{let{values:i,positionals:c}=_({args:n,strict:!0,allowPositionals:!0,options:{format:{type:"string",default:"markdown"},output:{type:"string"},"expect-accounts":{type:"string"},"fail-on":{type:"string"},"max-report-age-hours":{type:"string"},now:{type:"string"}}}),d=b(i.format,R,"--format"),{runMerge:y}=await import("./chunks/merge-BHXNIR5B.js"),{parseMaxReportAge:u}=await import("./chunks/merge-CV2JZTXK.js"),m=await y(c,{now:i.now===void 0?t.clock():x(i.now,"--now"),expectAccountsFile:i["expect-accounts"],failOn:i["fail-on"]===void 0?void 0:b(i["fail-on"],O,"--fail-on"),maxReportAgeHours:u(i["max-report-age-hours"],"--max-report-age-hours"),keep:d==="markdown"?"failing":"all"}),f=m.summary;return await Ae(G(m,d),i.output,`merge ${m.passed?"passed":"FAILED"}: ${f.accounts} accounts (${f.passed} passed, ${f.failed} failed, ${f.stale} stale, ${f.errored} errored, ${f.missing} missing; fail_on ${m.failOn}); ${d}`,t),m.passed?0:1}case"list-accounts":{let{values:i}=_({args:n,strict:!0,allowPositionals:!1,options:{output:{type:"string"},"include-inactive":{type:"boolean",default:!1},...oe}});return await ae(i,t)}case"presets":{if(n.length>0)throw new h("presets takes no arguments");let{renderPresetList:i}=await import("./chunks/presets-doc-TLC6BRPA.js");return t.stdout(i()),0}case"validate-policy":{let{positionals:i}=_({args:n,strict:!0,allowPositionals:!0,options:{}});if(i.length!==1)throw new h("validate-policy takes exactly one policy file");let c=await V(i[0],t.clock());t.stdout(`${c.file}: valid (${c.presets.length>0?`extends ${c.presets.join(", ")}; `:""}fail_on ${c.failOn}; ${Object.keys(c.rules).length} rule override(s), ${c.serviceUsers.users.length+c.serviceUsers.paths.length} service-user pattern(s), ${c.exemptions.length} exemption(s))
`);for(let d of D(c))t.stderr(`iam-credential-gate: warning: the policy weakens the gate: ${d.message}
`);return 0}case"--version":case"-v":return t.stdout(`${E}
`),0;case"--help":case"-h":case"help":return t.stdout(`${pe}
`),0;default:throw new h(r===void 0?"no command given":`unknown command "${r}"`,{},"see --help")}}catch(i){let c=T(i)?i.describe():i.code?.startsWith("ERR_PARSE_ARGS")?`${i.message}

${pe}`:`unexpected error: ${i.stack??String(i)}`;return t.stderr(`iam-credential-gate: ${c}
`),s&&await le(c,i,s,t.root),2}}a(me,"runCli");async function Ae(e,t,r,n){if(t===void 0){for(let s of v(e))n.stdout(s);return}await C(e,t),n.stderr(`iam-credential-gate: ${r} written to ${t}
`)}a(Ae,"emit");process.stdout.on("error",e=>{if(e.code!=="EPIPE")throw e;M.closed=!0});process.exitCode=await me(process.argv.slice(2));
