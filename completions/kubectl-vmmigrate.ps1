
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubectl-vmmigrate' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubectl-vmmigrate'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kubectl-vmmigrate' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Convert VM specs into KubeVirt manifests (YAML on stdout, or a folder with --output-dir)')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Show what would be created for VM specs: a summary table and warnings, or the objects')
            [CompletionResult]::new('assess', 'assess', [CompletionResultType]::ParameterValue, 'Judge migration readiness: a per-VM table of Critical / Warning / Information concerns')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Server-side apply VM specs (converted on the fly) or generated manifests to the cluster')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload the source''s disk images into the DataVolumes apply created (CDI upload)')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Would KubeVirt admit these manifests? Offline schema and admission check (exit 1 if not)')
            [CompletionResult]::new('roll', 'roll', [CompletionResultType]::ParameterValue, 'Roll a change out over running VMs within a disruption budget; steer it with subcommands')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Why VMs are not Ready: status, node, disks and the ranked reasons, with the chain behind them')
            [CompletionResult]::new('pool', 'pool', [CompletionResultType]::ParameterValue, 'Cattle mode: a VirtualMachinePool of identical replicas from one golden VM')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start VMs (by selector or name) through KubeVirt, within a budget')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop VMs as KubeVirt''s run strategies expect, within a budget')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Restart VMs within a budget')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Live-migrate VMs within a budget; those that cannot migrate are reported')
            [CompletionResult]::new('evacuate', 'evacuate', [CompletionResultType]::ParameterValue, 'Move every VM off a node within a budget (migrate, or restart with --allow-restart)')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish or powershell)')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the plugin version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;import' {
            [CompletionResult]::new('--run-strategy', '--run-strategy', [CompletionResultType]::ParameterName, 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping''s]')
            [CompletionResult]::new('--default-disk-size', '--default-disk-size', [CompletionResultType]::ParameterName, 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)')
            [CompletionResult]::new('--images', '--images', [CompletionResultType]::ParameterName, 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images'' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)')
            [CompletionResult]::new('--ovf-deployment-option', '--ovf-deployment-option', [CompletionResultType]::ParameterName, 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor''s default; a name the file does not offer is an error that lists the offered ones')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")')
            [CompletionResult]::new('--order-by', '--order-by', [CompletionResultType]::ParameterName, 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Take at most N VMs (after --where and --order-by)')
            [CompletionResult]::new('--vm', '--vm', [CompletionResultType]::ParameterName, 'Only the VM with this source or Kubernetes name (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping''s, field by field; only the VMs the plan names are taken')
            [CompletionResult]::new('--warnings', '--warnings', [CompletionResultType]::ParameterName, 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Write one <vm>.yaml per VM and a kustomization.yaml into this folder instead of stdout')
            [CompletionResult]::new('--overlay', '--overlay', [CompletionResultType]::ParameterName, 'Write the VMs to DIR/base and a Kustomize overlay (patches only) to DIR/overlays/NAME (repeatable). Settings after a colon, comma-separated: namespace=NS, run-strategy=STRATEGY, storage-class=CLASS, instancetype=NAME, label.KEY=VALUE. An overlay file edited since import wrote it is never overwritten')
            [CompletionResult]::new('--gitops', '--gitops', [CompletionResultType]::ParameterName, 'Also write, for each overlay, an Argo CD Application (DIR/argocd/) or a Flux Kustomization and GitRepository (DIR/flux/)')
            [CompletionResult]::new('--repo-url', '--repo-url', [CompletionResultType]::ParameterName, 'Git repository URL the GitOps tool reads (with --gitops)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Path of --output-dir inside that repository (with --gitops)')
            [CompletionResult]::new('--revision', '--revision', [CompletionResultType]::ParameterName, 'Branch (Flux) or target revision (Argo CD) to deploy (with --gitops)')
            [CompletionResult]::new('--app-name', '--app-name', [CompletionResultType]::ParameterName, 'Prefix of the Application / Kustomization names, NAME-OVERLAY (with --gitops)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--allow-stale-plan', '--allow-stale-plan', [CompletionResultType]::ParameterName, 'Use the --plan even when a source file changed since it was written (warns instead)')
            [CompletionResult]::new('--interactive', '--interactive', [CompletionResultType]::ParameterName, 'Ask where unmapped networks and datastores go and save the answers to the --map file (created if missing). Prompts only on a terminal')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;preview' {
            [CompletionResult]::new('--run-strategy', '--run-strategy', [CompletionResultType]::ParameterName, 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping''s]')
            [CompletionResult]::new('--default-disk-size', '--default-disk-size', [CompletionResultType]::ParameterName, 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)')
            [CompletionResult]::new('--images', '--images', [CompletionResultType]::ParameterName, 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images'' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)')
            [CompletionResult]::new('--ovf-deployment-option', '--ovf-deployment-option', [CompletionResultType]::ParameterName, 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor''s default; a name the file does not offer is an error that lists the offered ones')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")')
            [CompletionResult]::new('--order-by', '--order-by', [CompletionResultType]::ParameterName, 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Take at most N VMs (after --where and --order-by)')
            [CompletionResult]::new('--vm', '--vm', [CompletionResultType]::ParameterName, 'Only the VM with this source or Kubernetes name (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping''s, field by field; only the VMs the plan names are taken')
            [CompletionResult]::new('--warnings', '--warnings', [CompletionResultType]::ParameterName, 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all')
            [CompletionResult]::new('--columns', '--columns', [CompletionResultType]::ParameterName, 'The table''s columns, chosen among the --where fields (e.g. name,cpus,memory,networks, status); with the default or -o wide output')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--allow-stale-plan', '--allow-stale-plan', [CompletionResultType]::ParameterName, 'Use the --plan even when a source file changed since it was written (warns instead)')
            [CompletionResult]::new('--summary', '--summary', [CompletionResultType]::ParameterName, 'Print the plan''s totals (vCPUs, memory, disk per storage class, VMs per namespace) under the table, or alone as JSON with -o json')
            [CompletionResult]::new('--diff', '--diff', [CompletionResultType]::ParameterName, 'Diff the objects against the live cluster (exit 1 when something differs, like kubectl diff); honours KUBECTL_EXTERNAL_DIFF')
            [CompletionResult]::new('--strict-preflight', '--strict-preflight', [CompletionResultType]::ParameterName, 'With --diff: fail when a preflight check cannot be made for lack of read rights instead of warning and going on')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;assess' {
            [CompletionResult]::new('--run-strategy', '--run-strategy', [CompletionResultType]::ParameterName, 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping''s]')
            [CompletionResult]::new('--default-disk-size', '--default-disk-size', [CompletionResultType]::ParameterName, 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)')
            [CompletionResult]::new('--images', '--images', [CompletionResultType]::ParameterName, 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images'' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)')
            [CompletionResult]::new('--ovf-deployment-option', '--ovf-deployment-option', [CompletionResultType]::ParameterName, 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor''s default; a name the file does not offer is an error that lists the offered ones')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")')
            [CompletionResult]::new('--order-by', '--order-by', [CompletionResultType]::ParameterName, 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Take at most N VMs (after --where and --order-by)')
            [CompletionResult]::new('--vm', '--vm', [CompletionResultType]::ParameterName, 'Only the VM with this source or Kubernetes name (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping''s, field by field; only the VMs the plan names are taken')
            [CompletionResult]::new('--warnings', '--warnings', [CompletionResultType]::ParameterName, 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--allow-stale-plan', '--allow-stale-plan', [CompletionResultType]::ParameterName, 'Use the --plan even when a source file changed since it was written (warns instead)')
            [CompletionResult]::new('--allow-critical', '--allow-critical', [CompletionResultType]::ParameterName, 'Exit 0 even when a VM has a Critical concern (the report is the same)')
            [CompletionResult]::new('--as-pool', '--as-pool', [CompletionResultType]::ParameterName, 'Also judge each VM as the golden VM of a pool (`pool create`): what replicas cannot share (host devices, host disks, a fixed IP in cloud-init) is Critical')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;apply' {
            [CompletionResult]::new('--run-strategy', '--run-strategy', [CompletionResultType]::ParameterName, 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping''s]')
            [CompletionResult]::new('--default-disk-size', '--default-disk-size', [CompletionResultType]::ParameterName, 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)')
            [CompletionResult]::new('--images', '--images', [CompletionResultType]::ParameterName, 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images'' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)')
            [CompletionResult]::new('--ovf-deployment-option', '--ovf-deployment-option', [CompletionResultType]::ParameterName, 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor''s default; a name the file does not offer is an error that lists the offered ones')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")')
            [CompletionResult]::new('--order-by', '--order-by', [CompletionResultType]::ParameterName, 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Take at most N VMs (after --where and --order-by)')
            [CompletionResult]::new('--vm', '--vm', [CompletionResultType]::ParameterName, 'Only the VM with this source or Kubernetes name (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping''s, field by field; only the VMs the plan names are taken')
            [CompletionResult]::new('--warnings', '--warnings', [CompletionResultType]::ParameterName, 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Must be "none", "server", or "client": server sends a dry-run request, client only prints what would be sent')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'Name of the manager that owns the applied fields')
            [CompletionResult]::new('--server-side', '--server-side', [CompletionResultType]::ParameterName, 'Accepted for kubectl compatibility: apply is always server-side')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--stuck-after', '--stuck-after', [CompletionResultType]::ParameterName, 'With --wait: fail when a VM''s disks make no progress for this long')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Objects applied at once (within one dependency stage)')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Disks uploaded at once')
            [CompletionResult]::new('--uploadproxy-url', '--uploadproxy-url', [CompletionResultType]::ParameterName, 'CDI''s upload proxy (default: the URL CDIConfig advertises in status.uploadProxyURL)')
            [CompletionResult]::new('--upload-ready-timeout', '--upload-ready-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a DataVolume to be UploadReady')
            [CompletionResult]::new('--upload-retries', '--upload-retries', [CompletionResultType]::ParameterName, 'Further tries of a disk whose connection dropped (each starts the disk again)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--allow-stale-plan', '--allow-stale-plan', [CompletionResultType]::ParameterName, 'Use the --plan even when a source file changed since it was written (warns instead)')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take ownership of fields another manager owns instead of failing on the conflict')
            [CompletionResult]::new('--create-namespace', '--create-namespace', [CompletionResultType]::ParameterName, 'Create the target namespaces when they do not exist')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation on a terminal')
            [CompletionResult]::new('--strict-preflight', '--strict-preflight', [CompletionResultType]::ParameterName, 'Fail when a preflight check cannot be made for lack of read rights (storage classes, VMs of other namespaces...) instead of warning and going on')
            [CompletionResult]::new('--upload', '--upload', [CompletionResultType]::ParameterName, 'After applying, upload the source''s disk images into the DataVolumes with an upload source (as `kubectl vmmigrate upload`), before --wait')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the upload proxy''s TLS certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;upload' {
            [CompletionResult]::new('--run-strategy', '--run-strategy', [CompletionResultType]::ParameterName, 'KubeVirt runStrategy of the generated VMs [default: Always, or the mapping''s]')
            [CompletionResult]::new('--default-disk-size', '--default-disk-size', [CompletionResultType]::ParameterName, 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Mapping file: target networks, storage classes, disk sources, instancetypes (see examples/mapping.yaml)')
            [CompletionResult]::new('--images', '--images', [CompletionResultType]::ParameterName, 'Folder to look for disk images in, by file name, when a spec names an image that is not at its own path (repeatable). Sizes the spec leaves out are read from the images'' headers (qcow2, VMDK, VDI, VHD, VHDX, raw)')
            [CompletionResult]::new('--ovf-deployment-option', '--ovf-deployment-option', [CompletionResultType]::ParameterName, 'OVF/OVA only: the deployment option (DeploymentOptionSection configuration id) to import instead of the descriptor''s default; a name the file does not offer is an error that lists the offered ones')
            [CompletionResult]::new('--where', '--where', [CompletionResultType]::ParameterName, 'Only the VMs for which EXPR holds, e.g. "guest-family = linux and cpus < 8 and datastores = ds-gold" (fields and operators: README "Choosing VMs")')
            [CompletionResult]::new('--order-by', '--order-by', [CompletionResultType]::ParameterName, 'Order the VMs by FIELD (ascending unless "desc"; several keys separated by commas)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Take at most N VMs (after --where and --order-by)')
            [CompletionResult]::new('--vm', '--vm', [CompletionResultType]::ParameterName, 'Only the VM with this source or Kubernetes name (repeatable)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Per-VM choices written by `preview -o plan` and edited: they win over the mapping''s, field by field; only the VMs the plan names are taken')
            [CompletionResult]::new('--warnings', '--warnings', [CompletionResultType]::ParameterName, 'How warnings are printed: auto (each one when up to 5 VMs have any, else one line per kind with its count and example VMs), all, or grouped. -v=1 means all')
            [CompletionResult]::new('--parallel', '--parallel', [CompletionResultType]::ParameterName, 'Disks uploaded at once')
            [CompletionResult]::new('--uploadproxy-url', '--uploadproxy-url', [CompletionResultType]::ParameterName, 'CDI''s upload proxy (default: the URL CDIConfig advertises in status.uploadProxyURL)')
            [CompletionResult]::new('--upload-ready-timeout', '--upload-ready-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a DataVolume to be UploadReady')
            [CompletionResult]::new('--upload-retries', '--upload-retries', [CompletionResultType]::ParameterName, 'Further tries of a disk whose connection dropped (each starts the disk again)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--allow-stale-plan', '--allow-stale-plan', [CompletionResultType]::ParameterName, 'Use the --plan even when a source file changed since it was written (warns instead)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the upload proxy''s TLS certificate')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;lint' {
            [CompletionResult]::new('--feature-gates', '--feature-gates', [CompletionResultType]::ParameterName, 'Feature gates the cluster enables beyond KubeVirt''s defaults (the KubeVirt CR''s developerConfiguration.featureGates), comma-separated')
            [CompletionResult]::new('--disabled-feature-gates', '--disabled-feature-gates', [CompletionResultType]::ParameterName, 'Beta feature gates the cluster disables (developerConfiguration.disabledFeatureGates)')
            [CompletionResult]::new('--default-architecture', '--default-architecture', [CompletionResultType]::ParameterName, 'Architecture of VMs that do not set one (the cluster''s default architecture)')
            [CompletionResult]::new('--vm-rollout-strategy', '--vm-rollout-strategy', [CompletionResultType]::ParameterName, 'The cluster''s vmRolloutStrategy')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;roll' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifests to roll out (VirtualMachines by name, e.g. the output of `import`); `-` reads them from stdin (`kubectl kustomize DIR | kubectl vmmigrate roll -f - ...`)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifests to roll out (VirtualMachines by name, e.g. the output of `import`); `-` reads them from stdin (`kubectl kustomize DIR | kubectl vmmigrate roll -f - ...`)')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Kustomization folder to roll out, rendered by `kubectl kustomize DIR` as `kubectl apply -k` renders it (e.g. an overlay of `import --overlay`)')
            [CompletionResult]::new('--kustomize', '--kustomize', [CompletionResultType]::ParameterName, 'Kustomization folder to roll out, rendered by `kubectl kustomize DIR` as `kubectl apply -k` renders it (e.g. an overlay of `import --overlay`)')
            [CompletionResult]::new('--set-memory', '--set-memory', [CompletionResultType]::ParameterName, 'New guest memory (e.g. 4Gi)')
            [CompletionResult]::new('--set-cpu', '--set-cpu', [CompletionResultType]::ParameterName, 'New number of CPU sockets')
            [CompletionResult]::new('--set-instancetype', '--set-instancetype', [CompletionResultType]::ParameterName, 'New instancetype name')
            [CompletionResult]::new('--set-image', '--set-image', [CompletionResultType]::ParameterName, 'New image of every containerDisk volume')
            [CompletionResult]::new('--set-label', '--set-label', [CompletionResultType]::ParameterName, 'Label to set on the VMs (KEY=VALUE; repeatable)')
            [CompletionResult]::new('--set-annotation', '--set-annotation', [CompletionResultType]::ParameterName, 'Annotation to set on the VMs (KEY=VALUE; repeatable)')
            [CompletionResult]::new('--patch', '--patch', [CompletionResultType]::ParameterName, 'JSON merge patch of spec.template')
            [CompletionResult]::new('--max-unavailable', '--max-unavailable', [CompletionResultType]::ParameterName, 'VMs that may be unavailable at once (count or percentage)')
            [CompletionResult]::new('--max-surge', '--max-surge', [CompletionResultType]::ParameterName, 'Extra VMs (replacements, migration targets) at once (count or percentage)')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'Seconds a VM must stay Ready before it counts as available')
            [CompletionResult]::new('--progress-deadline', '--progress-deadline', [CompletionResultType]::ParameterName, 'Seconds one VM may take to become available before it counts as failed')
            [CompletionResult]::new('--max-action', '--max-action', [CompletionResultType]::ParameterName, 'The most disruptive action allowed; VMs needing more are left alone')
            [CompletionResult]::new('--min-action', '--min-action', [CompletionResultType]::ParameterName, 'The least action taken on each VM not yet on the target')
            [CompletionResult]::new('--canary', '--canary', [CompletionResultType]::ParameterName, 'Update N VMs first, then pause (or wait --canary-wait)')
            [CompletionResult]::new('--canary-wait', '--canary-wait', [CompletionResultType]::ParameterName, 'Seconds to wait after the canary instead of pausing')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'order')
            [CompletionResult]::new('--failure-threshold', '--failure-threshold', [CompletionResultType]::ParameterName, 'Failed VMs after which the rollout stops')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI''s address (status.interfaces[0].ipAddress)')
            [CompletionResult]::new('--lease-duration', '--lease-duration', [CompletionResultType]::ParameterName, 'Seconds the rollout Lease lasts without renewal: how long another client waits before taking over from one that died')
            [CompletionResult]::new('--cause', '--cause', [CompletionResultType]::ParameterName, 'Change cause recorded in the history (default: the command line)')
            [CompletionResult]::new('--revision-history-limit', '--revision-history-limit', [CompletionResultType]::ParameterName, 'Revisions kept for `roll history` and `roll undo`, like a Deployment''s; older ControllerRevisions are deleted (never the current one or the one rolled back to)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--auto-rollback', '--auto-rollback', [CompletionResultType]::ParameterName, 'Roll back the touched VMs by itself when the rollout fails')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print each VM''s action, the batches and the diff; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed). Without -l or names: every rollout of the namespace (with -A, of all namespaces)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a rollout (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused or interrupted rollout (also passes a canary pause)')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop a rollout; with --rollback, return the VMs it touched to their previous objects')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the revisions with their change cause')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Return the VMs touched by the last revision (or by every revision after N) to their objects at the previous revision (or at revision N)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;roll;status' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Follow until the rollout ends')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Follow until the rollout ends')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'List the rollouts of every namespace (without -l or names)')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'List the rollouts of every namespace (without -l or names)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;roll;pause' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;roll;resume' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;roll;abort' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--rollback', '--rollback', [CompletionResultType]::ParameterName, 'rollback')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;roll;history' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;roll;undo' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--to-revision', '--to-revision', [CompletionResultType]::ParameterName, 'Revision to return to (see `roll history`); default: the previous one')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;roll;help' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed). Without -l or names: every rollout of the namespace (with -A, of all namespaces)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a rollout (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused or interrupted rollout (also passes a canary pause)')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop a rollout; with --rollback, return the VMs it touched to their previous objects')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the revisions with their change cause')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Return the VMs touched by the last revision (or by every revision after N) to their objects at the previous revision (or at revision N)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;roll;help;status' {
            break
        }
        'kubectl-vmmigrate;roll;help;pause' {
            break
        }
        'kubectl-vmmigrate;roll;help;resume' {
            break
        }
        'kubectl-vmmigrate;roll;help;abort' {
            break
        }
        'kubectl-vmmigrate;roll;help;history' {
            break
        }
        'kubectl-vmmigrate;roll;help;undo' {
            break
        }
        'kubectl-vmmigrate;roll;help;help' {
            break
        }
        'kubectl-vmmigrate;status' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'VMs of every namespace')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'VMs of every namespace')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;pool' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a VirtualMachinePool of identical replicas from one golden VM spec')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;pool;create' {
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The golden VM: one VM spec file (.vmx, .ovf, .ova, libvirt XML, Proxmox .conf, ...), or `vm/NAME`, a VirtualMachine of the cluster whose disks the replicas clone')
            [CompletionResult]::new('--replicas', '--replicas', [CompletionResultType]::ParameterName, 'Number of replicas (at most 10000: a Secret is written per replica index)')
            [CompletionResult]::new('--scale-in', '--scale-in', [CompletionResultType]::ParameterName, 'Which replicas a scale-in removes first')
            [CompletionResult]::new('--scale-in-label', '--scale-in-label', [CompletionResultType]::ParameterName, 'With --scale-in selector: the KEY=VALUE label (on the VMI template) of the replicas removed first')
            [CompletionResult]::new('--heal-after', '--heal-after', [CompletionResultType]::ParameterName, 'Replace a replica whose VM has been failing to start for this long (autohealing)')
            [CompletionResult]::new('--heal-start-failures', '--heal-start-failures', [CompletionResultType]::ParameterName, 'Replace a replica after this many start failures in a row (autohealing)')
            [CompletionResult]::new('--max-unavailable', '--max-unavailable', [CompletionResultType]::ParameterName, 'Replicas KubeVirt may restart at once when the template changes (a count or a percentage; KubeVirt''s own default, 100%, restarts them all)')
            [CompletionResult]::new('--autoscale', '--autoscale', [CompletionResultType]::ParameterName, 'Also write a HorizontalPodAutoscaler scaling the pool between MIN and MAX replicas')
            [CompletionResult]::new('--cpu-utilization', '--cpu-utilization', [CompletionResultType]::ParameterName, 'With --autoscale: target average CPU utilisation of the replicas'' virt-launcher pods, in percent of their CPU requests [default: 80, unless only --metric is given]')
            [CompletionResult]::new('--metric', '--metric', [CompletionResultType]::ParameterName, 'With --autoscale: also scale on a per-pod custom metric, keeping its average over the replicas'' virt-launcher pods at TARGET (a quantity: 100, 500m); the metric must be served by a custom-metrics adapter (repeatable)')
            [CompletionResult]::new('--output-dir', '--output-dir', [CompletionResultType]::ParameterName, 'Write <NAME>.yaml and a kustomization.yaml into this folder instead of applying')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Must be "none", "server", or "client": client prints the objects (-o yaml by default) without contacting the cluster, server sends a dry-run request')
            [CompletionResult]::new('--run-strategy', '--run-strategy', [CompletionResultType]::ParameterName, 'KubeVirt runStrategy of the replicas [default: Always, or the mapping''s]')
            [CompletionResult]::new('--map', '--map', [CompletionResultType]::ParameterName, 'Mapping file: target networks, storage classes, disk sources (see examples/mapping.yaml)')
            [CompletionResult]::new('--images', '--images', [CompletionResultType]::ParameterName, 'Folder to look for the golden VM''s disk images in (repeatable)')
            [CompletionResult]::new('--default-disk-size', '--default-disk-size', [CompletionResultType]::ParameterName, 'Size requested for disks whose capacity the source does not state (e.g. 20Gi)')
            [CompletionResult]::new('--field-manager', '--field-manager', [CompletionResultType]::ParameterName, 'Name of the manager that owns the applied fields')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--keep-disks', '--keep-disks', [CompletionResultType]::ParameterName, 'Keep a removed replica''s disks for a later scale-out (statePreservation: Offline)')
            [CompletionResult]::new('--force-conflicts', '--force-conflicts', [CompletionResultType]::ParameterName, 'Take ownership of fields another manager owns instead of failing on the conflict')
            [CompletionResult]::new('--create-namespace', '--create-namespace', [CompletionResultType]::ParameterName, 'Create the target namespace when it does not exist')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation on a terminal')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;pool;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a VirtualMachinePool of identical replicas from one golden VM spec')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;pool;help;create' {
            break
        }
        'kubectl-vmmigrate;pool;help;help' {
            break
        }
        'kubectl-vmmigrate;start' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--max-unavailable', '--max-unavailable', [CompletionResultType]::ParameterName, 'VMs that may be unavailable (or in flight) at once (count or percentage)')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'Seconds a VM must stay Ready before it counts as available')
            [CompletionResult]::new('--progress-deadline', '--progress-deadline', [CompletionResultType]::ParameterName, 'Seconds one VM may take before it counts as failed')
            [CompletionResult]::new('--failure-threshold', '--failure-threshold', [CompletionResultType]::ParameterName, 'Failed VMs after which the operation stops')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI''s address, checked on every pass until the VM is done')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--lease-duration', '--lease-duration', [CompletionResultType]::ParameterName, 'Seconds the operation''s Lease lasts without renewal: how long another client waits before taking over from one that died')
            [CompletionResult]::new('--cause', '--cause', [CompletionResultType]::ParameterName, 'Cause recorded in the history (default: the command line)')
            [CompletionResult]::new('--grace-period', '--grace-period', [CompletionResultType]::ParameterName, 'stop: seconds the guest gets to shut down (KubeVirt''s StopOptions.gracePeriod)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan per VM; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--allow-restart', '--allow-restart', [CompletionResultType]::ParameterName, 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;start;pause' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;start;resume' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;start;abort' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;start;history' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;start;help' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;start;help;pause' {
            break
        }
        'kubectl-vmmigrate;start;help;resume' {
            break
        }
        'kubectl-vmmigrate;start;help;abort' {
            break
        }
        'kubectl-vmmigrate;start;help;history' {
            break
        }
        'kubectl-vmmigrate;start;help;help' {
            break
        }
        'kubectl-vmmigrate;stop' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--max-unavailable', '--max-unavailable', [CompletionResultType]::ParameterName, 'VMs that may be unavailable (or in flight) at once (count or percentage)')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'Seconds a VM must stay Ready before it counts as available')
            [CompletionResult]::new('--progress-deadline', '--progress-deadline', [CompletionResultType]::ParameterName, 'Seconds one VM may take before it counts as failed')
            [CompletionResult]::new('--failure-threshold', '--failure-threshold', [CompletionResultType]::ParameterName, 'Failed VMs after which the operation stops')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI''s address, checked on every pass until the VM is done')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--lease-duration', '--lease-duration', [CompletionResultType]::ParameterName, 'Seconds the operation''s Lease lasts without renewal: how long another client waits before taking over from one that died')
            [CompletionResult]::new('--cause', '--cause', [CompletionResultType]::ParameterName, 'Cause recorded in the history (default: the command line)')
            [CompletionResult]::new('--grace-period', '--grace-period', [CompletionResultType]::ParameterName, 'stop: seconds the guest gets to shut down (KubeVirt''s StopOptions.gracePeriod)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan per VM; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--allow-restart', '--allow-restart', [CompletionResultType]::ParameterName, 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;stop;pause' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;stop;resume' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;stop;abort' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;stop;history' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;stop;help' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;stop;help;pause' {
            break
        }
        'kubectl-vmmigrate;stop;help;resume' {
            break
        }
        'kubectl-vmmigrate;stop;help;abort' {
            break
        }
        'kubectl-vmmigrate;stop;help;history' {
            break
        }
        'kubectl-vmmigrate;stop;help;help' {
            break
        }
        'kubectl-vmmigrate;restart' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--max-unavailable', '--max-unavailable', [CompletionResultType]::ParameterName, 'VMs that may be unavailable (or in flight) at once (count or percentage)')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'Seconds a VM must stay Ready before it counts as available')
            [CompletionResult]::new('--progress-deadline', '--progress-deadline', [CompletionResultType]::ParameterName, 'Seconds one VM may take before it counts as failed')
            [CompletionResult]::new('--failure-threshold', '--failure-threshold', [CompletionResultType]::ParameterName, 'Failed VMs after which the operation stops')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI''s address, checked on every pass until the VM is done')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--lease-duration', '--lease-duration', [CompletionResultType]::ParameterName, 'Seconds the operation''s Lease lasts without renewal: how long another client waits before taking over from one that died')
            [CompletionResult]::new('--cause', '--cause', [CompletionResultType]::ParameterName, 'Cause recorded in the history (default: the command line)')
            [CompletionResult]::new('--grace-period', '--grace-period', [CompletionResultType]::ParameterName, 'stop: seconds the guest gets to shut down (KubeVirt''s StopOptions.gracePeriod)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan per VM; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--allow-restart', '--allow-restart', [CompletionResultType]::ParameterName, 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;restart;pause' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;restart;resume' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;restart;abort' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;restart;history' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;restart;help' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;restart;help;pause' {
            break
        }
        'kubectl-vmmigrate;restart;help;resume' {
            break
        }
        'kubectl-vmmigrate;restart;help;abort' {
            break
        }
        'kubectl-vmmigrate;restart;help;history' {
            break
        }
        'kubectl-vmmigrate;restart;help;help' {
            break
        }
        'kubectl-vmmigrate;migrate' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--max-unavailable', '--max-unavailable', [CompletionResultType]::ParameterName, 'VMs that may be unavailable (or in flight) at once (count or percentage)')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'Seconds a VM must stay Ready before it counts as available')
            [CompletionResult]::new('--progress-deadline', '--progress-deadline', [CompletionResultType]::ParameterName, 'Seconds one VM may take before it counts as failed')
            [CompletionResult]::new('--failure-threshold', '--failure-threshold', [CompletionResultType]::ParameterName, 'Failed VMs after which the operation stops')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI''s address, checked on every pass until the VM is done')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--lease-duration', '--lease-duration', [CompletionResultType]::ParameterName, 'Seconds the operation''s Lease lasts without renewal: how long another client waits before taking over from one that died')
            [CompletionResult]::new('--cause', '--cause', [CompletionResultType]::ParameterName, 'Cause recorded in the history (default: the command line)')
            [CompletionResult]::new('--grace-period', '--grace-period', [CompletionResultType]::ParameterName, 'stop: seconds the guest gets to shut down (KubeVirt''s StopOptions.gracePeriod)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan per VM; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--allow-restart', '--allow-restart', [CompletionResultType]::ParameterName, 'migrate: restart the VMs that cannot live-migrate instead of leaving them alone')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;migrate;pause' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;migrate;resume' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;migrate;abort' {
            [CompletionResult]::new('-l', '-l', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--selector', '--selector', [CompletionResultType]::ParameterName, 'Label selector of the VMs (e.g. app=web,tier!=db)')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;migrate;history' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;migrate;help' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;migrate;help;pause' {
            break
        }
        'kubectl-vmmigrate;migrate;help;resume' {
            break
        }
        'kubectl-vmmigrate;migrate;help;abort' {
            break
        }
        'kubectl-vmmigrate;migrate;help;history' {
            break
        }
        'kubectl-vmmigrate;migrate;help;help' {
            break
        }
        'kubectl-vmmigrate;evacuate' {
            [CompletionResult]::new('--max-unavailable', '--max-unavailable', [CompletionResultType]::ParameterName, 'VMs that may be unavailable (or in flight) at once (count or percentage)')
            [CompletionResult]::new('--min-ready', '--min-ready', [CompletionResultType]::ParameterName, 'Seconds a VM must stay Ready before it counts as available')
            [CompletionResult]::new('--progress-deadline', '--progress-deadline', [CompletionResultType]::ParameterName, 'Seconds one VM may take before it counts as failed')
            [CompletionResult]::new('--failure-threshold', '--failure-threshold', [CompletionResultType]::ParameterName, 'Failed VMs after which the operation stops')
            [CompletionResult]::new('--probe', '--probe', [CompletionResultType]::ParameterName, 'Health gate besides Ready: `tcp:PORT` (a connection is accepted) or `http:PORT/PATH` (2xx/3xx) against the VMI''s address, checked on every pass until the VM is done')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--lease-duration', '--lease-duration', [CompletionResultType]::ParameterName, 'Seconds the operation''s Lease lasts without renewal: how long another client waits before taking over from one that died')
            [CompletionResult]::new('--cause', '--cause', [CompletionResultType]::ParameterName, 'Cause recorded in the history (default: the command line)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--cordon', '--cordon', [CompletionResultType]::ParameterName, 'Mark the node unschedulable first (`kubectl cordon`), so nothing comes back')
            [CompletionResult]::new('--allow-restart', '--allow-restart', [CompletionResultType]::ParameterName, 'Restart elsewhere the VMs that cannot live-migrate instead of leaving them there')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the plan per VM; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the evacuation of NODE')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume it (or go on with one whose client died)')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop it; its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended evacuations of the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;evacuate;pause' {
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;evacuate;resume' {
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done: every VM Ready with its disks imported (stopped, for `stop`); progress on stderr')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long the command may wait (e.g. 30m; 0 waits forever); when it runs out: exit 3, and the work done stays')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;evacuate;abort' {
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Wait until the change is done (the rollout ended). A rollout is driven by this client, so it always waits; `--wait=false` is refused, except where the change is one write (pause, abort without --rollback)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait (e.g. 2h; 0, the default, waits until the end); when it runs out the rollout is left as it stands (`roll resume` goes on) and the command exits 3')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;evacuate;history' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;evacuate;help' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the evacuation of NODE')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume it (or go on with one whose client died)')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop it; its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended evacuations of the namespace')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;evacuate;help;pause' {
            break
        }
        'kubectl-vmmigrate;evacuate;help;resume' {
            break
        }
        'kubectl-vmmigrate;evacuate;help;abort' {
            break
        }
        'kubectl-vmmigrate;evacuate;help;history' {
            break
        }
        'kubectl-vmmigrate;evacuate;help;help' {
            break
        }
        'kubectl-vmmigrate;completion' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;version' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file to use for CLI requests')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'The name of the kubeconfig context to use')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The name of the kubeconfig cluster to use')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'The name of the kubeconfig user to use')
            [CompletionResult]::new('--request-timeout', '--request-timeout', [CompletionResultType]::ParameterName, 'Time to wait for one server request (0: no limit; 1s, 2m, 3h)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace written into generated objects (and used for cluster requests)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format: yaml, json, name or wide (preview also: plan, the per-VM plan file)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('--verbosity', '--verbosity', [CompletionResultType]::ParameterName, 'Log level, as kubectl''s -v (0 prints warnings and errors only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'kubectl-vmmigrate;help' {
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Convert VM specs into KubeVirt manifests (YAML on stdout, or a folder with --output-dir)')
            [CompletionResult]::new('preview', 'preview', [CompletionResultType]::ParameterValue, 'Show what would be created for VM specs: a summary table and warnings, or the objects')
            [CompletionResult]::new('assess', 'assess', [CompletionResultType]::ParameterValue, 'Judge migration readiness: a per-VM table of Critical / Warning / Information concerns')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Server-side apply VM specs (converted on the fly) or generated manifests to the cluster')
            [CompletionResult]::new('upload', 'upload', [CompletionResultType]::ParameterValue, 'Upload the source''s disk images into the DataVolumes apply created (CDI upload)')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Would KubeVirt admit these manifests? Offline schema and admission check (exit 1 if not)')
            [CompletionResult]::new('roll', 'roll', [CompletionResultType]::ParameterValue, 'Roll a change out over running VMs within a disruption budget; steer it with subcommands')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Why VMs are not Ready: status, node, disks and the ranked reasons, with the chain behind them')
            [CompletionResult]::new('pool', 'pool', [CompletionResultType]::ParameterValue, 'Cattle mode: a VirtualMachinePool of identical replicas from one golden VM')
            [CompletionResult]::new('start', 'start', [CompletionResultType]::ParameterValue, 'Start VMs (by selector or name) through KubeVirt, within a budget')
            [CompletionResult]::new('stop', 'stop', [CompletionResultType]::ParameterValue, 'Stop VMs as KubeVirt''s run strategies expect, within a budget')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Restart VMs within a budget')
            [CompletionResult]::new('migrate', 'migrate', [CompletionResultType]::ParameterValue, 'Live-migrate VMs within a budget; those that cannot migrate are reported')
            [CompletionResult]::new('evacuate', 'evacuate', [CompletionResultType]::ParameterValue, 'Move every VM off a node within a budget (migrate, or restart with --allow-restart)')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish or powershell)')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the plugin version')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubectl-vmmigrate;help;import' {
            break
        }
        'kubectl-vmmigrate;help;preview' {
            break
        }
        'kubectl-vmmigrate;help;assess' {
            break
        }
        'kubectl-vmmigrate;help;apply' {
            break
        }
        'kubectl-vmmigrate;help;upload' {
            break
        }
        'kubectl-vmmigrate;help;lint' {
            break
        }
        'kubectl-vmmigrate;help;roll' {
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a rollout: revision, counts, per-VM action and state (exit 1 when it failed). Without -l or names: every rollout of the namespace (with -A, of all namespaces)')
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause a rollout (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused or interrupted rollout (also passes a canary pause)')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop a rollout; with --rollback, return the VMs it touched to their previous objects')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the revisions with their change cause')
            [CompletionResult]::new('undo', 'undo', [CompletionResultType]::ParameterValue, 'Return the VMs touched by the last revision (or by every revision after N) to their objects at the previous revision (or at revision N)')
            break
        }
        'kubectl-vmmigrate;help;roll;status' {
            break
        }
        'kubectl-vmmigrate;help;roll;pause' {
            break
        }
        'kubectl-vmmigrate;help;roll;resume' {
            break
        }
        'kubectl-vmmigrate;help;roll;abort' {
            break
        }
        'kubectl-vmmigrate;help;roll;history' {
            break
        }
        'kubectl-vmmigrate;help;roll;undo' {
            break
        }
        'kubectl-vmmigrate;help;status' {
            break
        }
        'kubectl-vmmigrate;help;pool' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Make a VirtualMachinePool of identical replicas from one golden VM spec')
            break
        }
        'kubectl-vmmigrate;help;pool;create' {
            break
        }
        'kubectl-vmmigrate;help;start' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            break
        }
        'kubectl-vmmigrate;help;start;pause' {
            break
        }
        'kubectl-vmmigrate;help;start;resume' {
            break
        }
        'kubectl-vmmigrate;help;start;abort' {
            break
        }
        'kubectl-vmmigrate;help;start;history' {
            break
        }
        'kubectl-vmmigrate;help;stop' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            break
        }
        'kubectl-vmmigrate;help;stop;pause' {
            break
        }
        'kubectl-vmmigrate;help;stop;resume' {
            break
        }
        'kubectl-vmmigrate;help;stop;abort' {
            break
        }
        'kubectl-vmmigrate;help;stop;history' {
            break
        }
        'kubectl-vmmigrate;help;restart' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            break
        }
        'kubectl-vmmigrate;help;restart;pause' {
            break
        }
        'kubectl-vmmigrate;help;restart;resume' {
            break
        }
        'kubectl-vmmigrate;help;restart;abort' {
            break
        }
        'kubectl-vmmigrate;help;restart;history' {
            break
        }
        'kubectl-vmmigrate;help;migrate' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the operation (VMs in flight finish; nothing new starts)')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume a paused operation, or go on with one whose client died')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop the operation (VMs in flight finish); its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended operations of this verb in the namespace')
            break
        }
        'kubectl-vmmigrate;help;migrate;pause' {
            break
        }
        'kubectl-vmmigrate;help;migrate;resume' {
            break
        }
        'kubectl-vmmigrate;help;migrate;abort' {
            break
        }
        'kubectl-vmmigrate;help;migrate;history' {
            break
        }
        'kubectl-vmmigrate;help;evacuate' {
            [CompletionResult]::new('pause', 'pause', [CompletionResultType]::ParameterValue, 'Pause the evacuation of NODE')
            [CompletionResult]::new('resume', 'resume', [CompletionResultType]::ParameterValue, 'Resume it (or go on with one whose client died)')
            [CompletionResult]::new('abort', 'abort', [CompletionResultType]::ParameterValue, 'Stop it; its client exits with 4')
            [CompletionResult]::new('history', 'history', [CompletionResultType]::ParameterValue, 'List the ended evacuations of the namespace')
            break
        }
        'kubectl-vmmigrate;help;evacuate;pause' {
            break
        }
        'kubectl-vmmigrate;help;evacuate;resume' {
            break
        }
        'kubectl-vmmigrate;help;evacuate;abort' {
            break
        }
        'kubectl-vmmigrate;help;evacuate;history' {
            break
        }
        'kubectl-vmmigrate;help;completion' {
            break
        }
        'kubectl-vmmigrate;help;version' {
            break
        }
        'kubectl-vmmigrate;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
