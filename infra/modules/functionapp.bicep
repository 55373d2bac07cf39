// The Grants Functions app on the Flex Consumption plan: runtime, scale, deployment container, app settings,
// App Service Authentication (Easy Auth v2) with Microsoft Entra ID, and the data roles of its managed identity.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Flex Consumption plan name.')
param planName string

@description('Function App name (globally unique host name).')
param name string

@description('The azd service this app hosts (azure.yaml).')
param azdServiceName string

@description('Storage account of the host, the Durable Task hub, Grants data and the deployment container.')
param storageAccountName string

@description('Blob container Flex Consumption deploys the app package from.')
param deploymentContainerName string

@description('Application Insights component the app reports to.')
param applicationInsightsName string

@description('Key Vault holding the SendGrid API key.')
param keyVaultName string

@description('URI of the SendGrid secret, without a version.')
param sendGridSecretUri string

@description('Sender address of Grants mail (a sender verified in SendGrid).')
param mailFromEmail string

@description('Sender name of Grants mail.')
param mailFromName string

@description('The portal\'s public address that mail links to; empty: this app\'s own address (it serves the portal at /).')
param portalUrl string = ''

@description('Override of every program\'s approval reminder interval (TimeSpan such as 3.00:00:00); empty: each program\'s own.')
param workflowReminderEvery string

@description('Override of when an unanswered approval is escalated (TimeSpan such as 7.00:00:00); empty: each program\'s own.')
param workflowEscalateAfter string

@description('Time between monthly payouts (TimeSpan); empty: calendar months. For demonstrations and tests.')
param workflowPaymentEvery string

@description('How long a finance step\'s request waits for its durable work before answering 202 (TimeSpan); empty: 5 seconds.')
param workflowFinanceWait string

@description('Override of when every program\'s post-award report is due (TimeSpan); empty: each program\'s own.')
param workflowReportDueAfter string

@description('Override of every program\'s report reminder interval (TimeSpan); empty: each program\'s own.')
param workflowReportReminderEvery string

@description('Originator of Zengin transfer files (振込依頼人) and the account the money leaves from: CompanyCode, CompanyNameKana, BankCode, BankNameKana, BranchCode, BranchNameKana, AccountType, AccountNumber.')
param zengin object

@description('Client (application) id of the Microsoft Entra app registration that defines the Grants app roles.')
param entraClientId string

@description('Microsoft Entra tenant of that app registration.')
param entraTenantId string

@description('Most instances the app scales out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int

@description('Instances kept warm for the orchestrations and activities (the "durable" scale group); 0 scales to zero.')
@minValue(0)
param durableAlwaysReady int

resource storage 'Microsoft.Storage/storageAccounts@2024-01-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      // Exactly the settings in functions/AppSettings.cs (AppSettings.All); tests/Grants.Tests/Infra checks both
      // directions. Flex Consumption has no FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION or
      // WEBSITE_RUN_FROM_PACKAGE: runtime and deployment are functionAppConfig below.
      appSettings: [
        {
          name: 'AzureWebJobsStorage__accountName'
          value: storage.name
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: applicationInsights.properties.ConnectionString
        }
        {
          name: 'GrantsStorage__accountName'
          value: storage.name
        }
        {
          name: 'Mail__ApiKey'
          value: '@Microsoft.KeyVault(SecretUri=${sendGridSecretUri})'
        }
        {
          name: 'Mail__FromEmail'
          value: mailFromEmail
        }
        {
          name: 'Mail__FromName'
          value: mailFromName
        }
        {
          name: 'Mail__PortalUrl'
          value: empty(portalUrl) ? 'https://${name}.azurewebsites.net' : portalUrl
        }
        {
          // The Workflow__ overrides: empty binds to "not set" (WorkflowOptions' TimeSpan? stays null), so each
          // program's own timeline applies.
          name: 'Workflow__ReminderEvery'
          value: workflowReminderEvery
        }
        {
          name: 'Workflow__EscalateAfter'
          value: workflowEscalateAfter
        }
        {
          name: 'Workflow__PaymentEvery'
          value: workflowPaymentEvery
        }
        {
          name: 'Workflow__FinanceWait'
          value: workflowFinanceWait
        }
        {
          name: 'Workflow__ReportDueAfter'
          value: workflowReportDueAfter
        }
        {
          name: 'Workflow__ReportReminderEvery'
          value: workflowReportReminderEvery
        }
        {
          name: 'Zengin__CompanyCode'
          value: zengin.CompanyCode
        }
        {
          name: 'Zengin__CompanyNameKana'
          value: zengin.CompanyNameKana
        }
        {
          name: 'Zengin__BankCode'
          value: zengin.BankCode
        }
        {
          name: 'Zengin__BankNameKana'
          value: zengin.BankNameKana
        }
        {
          name: 'Zengin__BranchCode'
          value: zengin.BranchCode
        }
        {
          name: 'Zengin__BranchNameKana'
          value: zengin.BranchNameKana
        }
        {
          name: 'Zengin__AccountType'
          value: zengin.AccountType
        }
        {
          name: 'Zengin__AccountNumber'
          value: zengin.AccountNumber
        }
      ]
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        // Durable Functions on Flex Consumption: Microsoft recommends one always-ready instance for the durable group.
        alwaysReady: durableAlwaysReady > 0
          ? [
              {
                name: 'durable'
                instanceCount: durableAlwaysReady
              }
            ]
          : []
      }
      // .NET 10 isolated worker. The resource type declares version as a free string (no enumeration), so bicep
      // accepts '10.0'; Flex Consumption lists dotnet-isolated 10.0 among its runtimes.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// App Service Authentication (Easy Auth v2): only callers with a Microsoft Entra token for the Grants app
// registration reach the functions; everyone else gets 401 (an API, so no redirect to a sign-in page). Easy Auth
// passes the caller, with the app roles they were assigned, in X-MS-CLIENT-PRINCIPAL (api/EasyAuthPrincipal.cs).
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      // A browser opening the portal is sent to the Microsoft sign-in page; the portal's own API calls carry
      // X-Requested-With: XMLHttpRequest, for which Easy Auth answers 401 instead of redirecting.
      unauthenticatedClientAction: 'RedirectToLoginPage'
      redirectToProvider: 'azureactivedirectory'
      // The liveness probe is the one anonymous route (api/ApiRoutes.cs: GET /health, "anyone").
      excludedPaths: [
        '/api/health'
      ]
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: entraClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${entraTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            'api://${entraClientId}'
            entraClientId
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
    httpSettings: {
      requireHttps: true
    }
  }
}

// The identity's roles, by built-in role definition id (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles):
// blobs (Grants documents, the deployment package, Durable leases and large messages), queues (Durable control and
// work-item queues), tables (Grants records, Durable history and instances) and the SendGrid secret.

// Storage Blob Data Owner
resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, site.id, 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Queue Data Contributor
resource queueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, site.id, '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '974c5e8b-45b9-4653-ba55-5f855dd0fb88')
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Storage Table Data Contributor
resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, site.id, '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// Key Vault Secrets User
resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, site.id, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
