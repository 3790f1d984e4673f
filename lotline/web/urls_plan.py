"""Planning: the board, material availability, the dashboard, work orders and their batch records."""

from django.urls import path

from lotline.web.views import plan, plan_orders, plan_reports

urlpatterns = [
    path("", plan.board, name="plan_board"),
    path("move/", plan.move, name="plan_move"),
    path("availability/", plan_reports.availability, name="plan_availability"),
    path("dashboard/", plan_reports.dashboard_page, name="plan_dashboard"),
    path("work-orders/", plan_orders.work_order_list, name="plan_work_orders"),
    path("work-orders/<str:number>/", plan_orders.work_order_detail, name="plan_work_order"),
    path("work-orders/<str:number>/transition/", plan_orders.work_order_transition, name="plan_transition"),
    path("work-orders/<str:number>/confirm/<int:operation_id>/", plan_orders.confirm, name="plan_confirm"),
    path("work-orders/<str:number>/batch-record.pdf", plan_orders.batch_record_pdf, name="plan_batch_record"),
]
