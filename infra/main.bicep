// Grants on Azure: `azd up` provisions this file (azure.yaml) and deploys functions/ to the Function App.
//
//   resource group rg-<environment>
//   ├── Log Analytics workspace + Application Insights
//   ├── Storage account (no shared keys, HTTPS, TLS 1.2, no public blobs): Grants tables and documents (created by
//   │   the app on start), the Functions host's storage, the Durable Task hub, the Flex deployment container
//   ├── Key Vault (RBAC): the SendGrid API key
//   └── Flex Consumption plan + Function App (dotnet-isolated 10.0, system-assigned identity, Easy Auth with
//       Microsoft Entra ID), with data roles on the storage account and "Key Vault Secrets User" on the vault
//
// The Microsoft Entra app registration with the Grants app roles (infra/entra-app-roles.json) is not created
// here (Bicep needs the Microsoft Graph extension for that): create it once as the README's "Deploy" section shows
// and pass its client id.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names the resource group and seeds the resource names.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (one where Flex Consumption is offered).')
param location string

@description('Client (application) id of the Microsoft Entra app registration that defines the Grants app roles.')
param entraClientId string

@description('Microsoft Entra tenant of that app registration; empty: the subscription\'s.')
param entraTenantId string = ''

@secure()
@description('SendGrid API key; stored as a Key Vault secret, never as an app setting value.')
param sendGridApiKey string

@description('Sender address of Grants mail (a sender verified in SendGrid).')
param mailFromEmail string

@description('Sender name of Grants mail; empty: Grants.')
param mailFromName string = ''

@description('The portal\'s public address that mail links to (e.g. a custom domain); empty: the Functions app\'s own address.')
param portalUrl string = ''

@description('Override of every program\'s approval reminder interval (TimeSpan such as 3.00:00:00); empty: each program\'s own.')
param workflowReminderEvery string = ''

@description('Override of when an unanswered approval is escalated (TimeSpan such as 7.00:00:00); empty: each program\'s own.')
param workflowEscalateAfter string = ''

@description('Time between monthly payouts (TimeSpan); empty: calendar months. For demonstrations and tests only.')
param workflowPaymentEvery string = ''

@description('How long a finance step\'s request waits for its durable work before answering 202 (TimeSpan); empty: 5 seconds.')
param workflowFinanceWait string = ''

@description('Override of when every program\'s post-award report is due (TimeSpan); empty: each program\'s own.')
param workflowReportDueAfter string = ''

@description('Override of every program\'s report reminder interval (TimeSpan); empty: each program\'s own.')
param workflowReportReminderEvery string = ''

@description('Zengin originator code (振込依頼人コード), 10 digits assigned by the bank.')
param zenginCompanyCode string = ''

@description('Zengin originator name in kana (half-width when written, at most 40 characters).')
param zenginCompanyNameKana string = ''

@description('Originating bank code, 4 digits.')
param zenginBankCode string = ''

@description('Originating bank name in kana (optional).')
param zenginBankNameKana string = ''

@description('Originating branch code, 3 digits.')
param zenginBranchCode string = ''

@description('Originating branch name in kana (optional).')
param zenginBranchNameKana string = ''

@description('Originating account type: ordinary (普通) or current (当座); empty: ordinary.')
param zenginAccountType string = ''

@description('Originating account number, 7 digits.')
param zenginAccountNumber string = ''

@description('Most instances the app scales out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Instances kept warm for orchestrations and activities; 1 as Microsoft recommends for Durable Functions on Flex Consumption, 0 to scale to zero.')
@minValue(0)
param durableAlwaysReady int = 1

var tags = {
  'azd-env-name': environmentName
  application: 'grants'
}
// azd passes an unset environment variable as an empty string, so empty means "the default" here.
var tenantId = empty(entraTenantId) ? subscription().tenantId : entraTenantId
var senderName = empty(mailFromName) ? 'Grants' : mailFromName
var token = toLower(uniqueString(subscription().id, environmentName, location))

var deploymentContainerName = 'app-package-${take(token, 8)}'

resource resourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    logAnalyticsName: 'log-${token}'
    applicationInsightsName: 'appi-${token}'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'st${token}'
    deploymentContainerName: deploymentContainerName
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    name: 'kv-${token}'
    sendGridSecretName: 'sendgrid-api-key'
    sendGridApiKey: sendGridApiKey
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    planName: 'plan-${token}'
    name: 'func-grants-${token}'
    azdServiceName: 'api'
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
    sendGridSecretUri: keyVault.outputs.sendGridSecretUri
    mailFromEmail: mailFromEmail
    mailFromName: senderName
    portalUrl: portalUrl
    workflowReminderEvery: workflowReminderEvery
    workflowEscalateAfter: workflowEscalateAfter
    workflowPaymentEvery: workflowPaymentEvery
    workflowFinanceWait: workflowFinanceWait
    workflowReportDueAfter: workflowReportDueAfter
    workflowReportReminderEvery: workflowReportReminderEvery
    // Until these are set, a Zengin export answers which setting is missing; the CSV export needs none of them.
    zengin: {
      CompanyCode: zenginCompanyCode
      CompanyNameKana: zenginCompanyNameKana
      BankCode: zenginBankCode
      BankNameKana: zenginBankNameKana
      BranchCode: zenginBranchCode
      BranchNameKana: zenginBranchNameKana
      AccountType: empty(zenginAccountType) ? 'ordinary' : zenginAccountType
      AccountNumber: zenginAccountNumber
    }
    entraClientId: entraClientId
    entraTenantId: tenantId
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    durableAlwaysReady: durableAlwaysReady
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output GRANTS_API_URL string = 'https://${functionApp.outputs.defaultHostName}/api'
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
