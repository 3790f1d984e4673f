"""The recall desk under /recall/: search, traces, recall scopes and cases, mass balance, drills."""

from django.urls import path

from lotline.web.views import recall, recall_cases, recall_drills, recall_trace

urlpatterns = [
    path("", recall.index, name="recall-index"),
    path("search/", recall.search, name="recall-search"),
    path("lots/<str:number>/", recall_trace.trace_page, name="recall-trace"),
    path("lots/<str:number>/trace.json", recall_trace.trace_data, name="recall-trace-data"),
    path("work-orders/<str:number>/balance/", recall_trace.work_order_page, name="recall-wo-balance"),
    path("scope/", recall_cases.scope_page, name="recall-scope"),
    path("scope/export.<str:fmt>", recall_cases.scope_export, name="recall-scope-export"),
    path("cases/", recall_cases.case_list, name="recall-cases"),
    path("cases/<str:number>/", recall_cases.case_detail, name="recall-case"),
    path("cases/<str:number>/contain/", recall_cases.contain, name="recall-case-contain"),
    path("cases/<str:number>/release/", recall_cases.release, name="recall-case-release"),
    path("cases/<str:number>/try-consume/", recall_cases.try_consume, name="recall-case-try"),
    path("cases/<str:number>/export.<str:fmt>", recall_cases.case_export, name="recall-case-export"),
    path("drills/", recall_drills.drill_list, name="recall-drills"),
    path("drills/run/", recall_drills.run, name="recall-drill-run"),
    path("drills/<int:pk>/", recall_drills.drill_detail, name="recall-drill"),
]
